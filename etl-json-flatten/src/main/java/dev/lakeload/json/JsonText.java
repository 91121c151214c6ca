package dev.lakeload.json;

/** Writing JSON text: string quoting and number checks. Stateless. */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        quote(value, out);
        return out.toString();
    }

    /**
     * Appends {@code value} as a JSON string. A NUL character is written as it is, not as {@code \u0000}: PostgreSQL
     * jsonb rejects that escape outright, while a raw NUL reaches the staging loader, which applies the table's NUL
     * policy (reject, strip, replace) to every value alike.
     */
    static void quote(String value, StringBuilder out) {
        out.append('"');
        int start = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if ((c >= 0x20 && c != '"' && c != '\\') || c == 0) {
                continue;
            }
            out.append(value, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(value, start, length).append('"');
    }

    /** Whether {@code text} is a number in JSON's grammar (so jsonb takes it as a number). */
    static boolean isNumber(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && text.charAt(i) == '-') {
            i++;
        }
        int digits = digits(text, i);
        if (digits == 0 || (digits > 1 && text.charAt(i) == '0')) {
            return false;
        }
        i += digits;
        if (i < n && text.charAt(i) == '.') {
            digits = digits(text, ++i);
            if (digits == 0) {
                return false;
            }
            i += digits;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            digits = digits(text, i);
            if (digits == 0) {
                return false;
            }
            i += digits;
        }
        return i == n;
    }

    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** PostgreSQL's spelling of a double that is not finite (float8 and numeric accept it). */
    static String nonFinite(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "Infinity" : "-Infinity";
    }

    /**
     * PostgreSQL's spelling of a special value written as a string in {@code $numberDouble} or
     * {@code $numberDecimal} ({@code nan}, {@code -NaN}, {@code inf}, {@code -Infinity}, ...), or the string itself.
     */
    static String specialNumber(String text) {
        int signs = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == signs || Character.isDigit(text.charAt(signs)) || text.charAt(signs) == '.') {
            return text;
        }
        String word = text.substring(signs);
        if (word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("snan")) {
            return "NaN";
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return text.charAt(0) == '-' ? "-Infinity" : "Infinity";
        }
        return text;
    }

    /** Lower-case hex of {@code bytes}, as PostgreSQL's bytea hex format wants after {@code \x}. */
    static void hex(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }
}
