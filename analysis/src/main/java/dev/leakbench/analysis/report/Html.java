package dev.leakbench.analysis.report;

/** HTML escaping and the shared page frame (inline CSS, no scripts, no network). */
public final class Html {
    private Html() {}

    /** Escapes text for element content and quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Escapes text and lets it wrap after its dots and dollars ({@code <wbr>}): a class name such as
     * {@code class.dev.leakbench.workloads.fault.unboundedcache.LeakyRequestMemo$MemoKey} otherwise
     * has nowhere to break and widens its table column past the page.
     */
    public static String breakable(String s) {
        String e = esc(s);
        StringBuilder sb = new StringBuilder(e.length() + 16);
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            sb.append(c);
            if ((c == '.' || c == '$') && i + 1 < e.length()) {
                sb.append("<wbr>");
            }
        }
        return sb.toString();
    }

    /** Starts a self-contained page. */
    public static StringBuilder page(String title) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em;color:#222;max-width:1200px}\n")
                // a wide table may use the window's width, beyond the text's; below 1100 px its rows become blocks
                .append(".wide{width:max-content;max-width:calc(100vw - 3em);overflow-x:auto}\n")
                .append("@media (max-width:1100px){table.rows,table.rows tbody,table.rows tr{display:block}")
                .append(
                        "table.rows tr:first-child{display:none}table.rows tr{border:1px solid #ddd;margin:0 0 .4em;padding:2px 0}")
                .append("table.rows td{display:inline-block;border:none;padding:1px 6px}")
                .append("table.rows td[data-label]::before{content:attr(data-label) \": \";color:#666}}\n")
                .append("table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ddd;padding:3px 8px;")
                .append(
                        "text-align:left;vertical-align:top;font-size:14px;overflow-wrap:break-word}th{background:#f4f4f4}td.num{text-align:right;")
                .append("font-variant-numeric:tabular-nums;white-space:nowrap}\n")
                .append(
                        ".kv,.nw{white-space:nowrap}.params{font-size:14px}.params .kv{font-family:monospace;font-size:13px}\n")
                .append(".v{font-weight:600;padding:1px 6px;border-radius:3px;color:#fff;white-space:nowrap}\n")
                .append(
                        ".LEAK{background:#c62828}.ALLOC_REGRESSION{background:#e65100}.SUSPECT{background:#f9a825;color:#222}")
                .append(".BOUNDED_GROWTH{background:#1565c0}.STABLE{background:#2e7d32}.REGRESSION{background:#c62828}")
                .append(".IMPROVEMENT{background:#2e7d32}.UNCHANGED{background:#757575}.NEW{background:#757575}\n")
                .append("section{border-top:1px solid #ddd;margin-top:1.5em;padding-top:.5em}code{font-size:13px}")
                .append(
                        ".muted{color:#666;font-size:13px}svg{background:#fff;border:1px solid #eee;max-width:100%;height:auto}\n")
                // a leak trace: the path from the GC root down to what grows, one reference per line
                .append(".trace{border-left:3px solid #c62828;padding:.2em .8em;margin:.6em 0;background:#fafafa}")
                .append(".trace .tt{font-weight:600;font-size:13px;color:#c62828}")
                .append(
                        "ol.chain{list-style:none;margin:.3em 0;padding:0}ol.chain li{margin:0 0 0 1.2em;padding:1px 0;")
                .append(
                        "font-size:14px}ol.chain li:first-child{margin-left:0}ol.chain li+li::before{content:\"\\2193 \";color:#888}")
                .append(".rk{font-size:12px;color:#666}.fld{font-family:monospace;color:#6a1b9a}")
                .append(
                        "ol.chain li.acc code{background:#ffebee}.grow{font-weight:600;color:#c62828;white-space:nowrap}\n")
                .append("</style></head><body>\n");
        return sb;
    }

    /** Ends a page. */
    public static String end(StringBuilder sb) {
        return sb.append("</body></html>\n").toString();
    }

    /** A coloured verdict badge. */
    public static String badge(String verdict) {
        String v = esc(verdict);
        return "<span class=\"v " + v + "\">" + v + "</span>";
    }
}
