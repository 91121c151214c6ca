package dev.lakeload.testkit.s3;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link EmbeddedS3} for a whole test class: started before the first test, stopped after the last.
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();
 *
 * @Test
 * void reads() {
 *     S3.server().createBucket("lake");
 *     S3.server().put("lake", "dms/shop/orders/LOAD00000001.csv", "1,apple\n");
 * }
 * }</pre>
 *
 * Tests of one class share the server, so each should use its own bucket or prefix.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback {
    private volatile EmbeddedS3 server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EmbeddedS3.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedS3 running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * The running server.
     *
     * @throws IllegalStateException outside the test class's lifetime, or when the extension is registered on an
     *     instance field (it must be static, so that it runs once per class)
     */
    public EmbeddedS3 server() {
        EmbeddedS3 running = server;
        if (running == null) {
            throw new IllegalStateException("the embedded S3 server is not running: register EmbeddedS3Extension "
                    + "with @RegisterExtension on a static field and use it inside tests");
        }
        return running;
    }
}
