package dev.leakbench.engine.schema;

import java.util.ArrayList;
import java.util.List;

/** Splits schema text into tokens with their 1-based line and column. Comments run from {@code //} to the end of the line. */
final class SchemaLexer {

    enum Kind {
        NAME,
        LBRACE,
        RBRACE,
        LPAREN,
        RPAREN,
        PIPE,
        AMP,
        MINUS,
        EQUALS,
        SEMICOLON,
        COLON,
        HASH,
        STAR,
        END
    }

    /** Words with a meaning of their own; they cannot name a type or a relation. */
    static final List<String> KEYWORDS = List.of("type", "relation", "this", "from");

    record Token(Kind kind, String text, int line, int column) {

        boolean isKeyword(String keyword) {
            return kind == Kind.NAME && text.equals(keyword);
        }

        boolean isAnyKeyword() {
            return kind == Kind.NAME && KEYWORDS.contains(text);
        }

        /** How the token reads in "found ..." of an error message. */
        String describe() {
            if (kind == Kind.END) {
                return "end of input";
            }
            if (isAnyKeyword()) {
                return "keyword '" + text + "'";
            }
            return "'" + text + "'";
        }
    }

    private SchemaLexer() {}

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int column = i - lineStart + 1;
            if (c == '\n' || c == '\r') {
                // \r\n counts as one line break
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                lineStart = i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, text.substring(start, i), line, column));
            } else {
                Kind kind = switch (c) {
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '|' -> Kind.PIPE;
                    case '&' -> Kind.AMP;
                    case '-' -> Kind.MINUS;
                    case '=' -> Kind.EQUALS;
                    case ';' -> Kind.SEMICOLON;
                    case ':' -> Kind.COLON;
                    case '#' -> Kind.HASH;
                    case '*' -> Kind.STAR;
                    default -> throw new SchemaException(line, column, "unexpected character " + describeChar(c));
                };
                tokens.add(new Token(kind, String.valueOf(c), line, column));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "", line, n - lineStart + 1));
        return tokens;
    }

    private static String describeChar(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
