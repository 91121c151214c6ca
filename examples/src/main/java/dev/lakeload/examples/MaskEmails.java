package dev.lakeload.examples;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.transform.RowTransformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An example {@link RowTransformer}: pseudonymises the {@code email} column before it reaches the warehouse,
 * keeping the domain for analysis ({@code ann@example.com} becomes {@code 5c1b8e0a9f@example.com}; the same
 * address always gives the same value, so joins and counts still work). A value without '@' goes to the rejects
 * table instead of being loaded unmasked.
 *
 * <p>Use it from a manifest with {@code transformers: [dev.lakeload.examples.MaskEmails]} and this module's jar on
 * the class path ({@code LAKELOAD_CLASSPATH=examples/target/examples-<version>.jar}). Rows without an
 * {@code email} column pass unchanged. Not thread-safe (one instance per table load, as every transformer).
 */
public final class MaskEmails implements RowTransformer {
    private final MessageDigest sha256;

    public MaskEmails() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void transform(Row row, RowSink out) {
        int email = row.schema().indexOf("email");
        String value = email < 0 ? null : row.get(email);
        if (value == null || value.isEmpty()) {
            out.accept(row); // NULL and '' carry no personal data
            return;
        }
        int at = value.lastIndexOf('@');
        if (at < 0) {
            out.reject(row, "email", value, "not an email address, so it cannot be masked safely");
            return;
        }
        String[] values = row.copyValues();
        values[email] = pseudonym(value.substring(0, at)) + value.substring(at);
        out.accept(row.withValues(row.schema(), values));
    }

    private String pseudonym(String localPart) {
        byte[] digest = sha256.digest(localPart.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 5);
    }
}
