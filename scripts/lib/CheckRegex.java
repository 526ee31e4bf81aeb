/**
 * For options.sh (check_benchmark_regex), run as a source file: java CheckRegex.java REGEX. Exits 0
 * when REGEX compiles as a java.util.regex.Pattern, the way JMH compiles a benchmark include pattern;
 * else prints why (one line) and exits 2.
 */
public class CheckRegex {
    public static void main(String[] args) {
        try {
            java.util.regex.Pattern.compile(args[0]);
        } catch (java.util.regex.PatternSyntaxException e) {
            System.out.println(e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            System.exit(2);
        }
    }
}
