package dev.lakeload.json;

import java.util.Arrays;

/**
 * Rewrites the bare {@code nan}, {@code -nan}, {@code inf} and {@code -inf} that legacy libbson prints for
 * non-finite doubles ({@code printf("%.20g")}) into the {@code NaN}, {@code Infinity} and {@code -Infinity} Jackson
 * reads. Only called after a parse failed, so clean documents pay nothing. Stateless.
 */
final class LegacyNumbers {
    private LegacyNumbers() {
    }

    /**
     * A rewritten document, able to map a position in it back to the original.
     *
     * @param text the rewritten document
     * @param starts where each replacement starts in {@code text}, ascending
     * @param growths how many characters each replacement added (negative when it removed some)
     */
    record Rewrite(String text, int[] starts, int[] growths) {
        /** The offset in the original document of {@code offset} in the rewritten one. */
        long originalOffset(long offset) {
            long original = offset;
            for (int i = 0; i < starts.length && starts[i] < offset; i++) {
                original -= growths[i];
            }
            return original;
        }
    }

    /** The document with every such token outside strings replaced, or null when it has none. */
    static Rewrite rewrite(String json) {
        StringBuilder out = null;
        int[] starts = new int[4];
        int[] growths = new int[4];
        int count = 0;
        int copied = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                continue;
            }
            if (!Character.isLetter(c) || (i > 0 && Character.isLetterOrDigit(json.charAt(i - 1)))) {
                continue;
            }
            int end = i;
            while (end < json.length() && Character.isLetter(json.charAt(end))) {
                end++;
            }
            String word = json.substring(i, end);
            boolean nan = word.equalsIgnoreCase("nan");
            if (nan || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                int start = i > 0 && (json.charAt(i - 1) == '-' || json.charAt(i - 1) == '+') ? i - 1 : i;
                String replacement = nan ? "NaN" : json.charAt(start) == '-' ? "-Infinity" : "Infinity";
                if (out == null) {
                    out = new StringBuilder(json.length() + 16);
                }
                out.append(json, copied, start);
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    growths = Arrays.copyOf(growths, count * 2);
                }
                starts[count] = out.length();
                growths[count++] = replacement.length() - (end - start);
                out.append(replacement);
                copied = end;
            }
            i = end - 1;
        }
        if (out == null) {
            return null;
        }
        out.append(json, copied, json.length());
        return new Rewrite(out.toString(), Arrays.copyOf(starts, count), Arrays.copyOf(growths, count));
    }
}
