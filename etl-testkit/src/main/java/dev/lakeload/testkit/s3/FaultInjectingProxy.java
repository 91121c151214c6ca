package dev.lakeload.testkit.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 proxy to put between an S3 client and a server (usually {@link EmbeddedS3}) that plays injected
 * {@link Fault}s: an S3 error answered instead of forwarding (503 SlowDown, or a canned redirect), or a response
 * whose body is cut after some bytes. Every request is recorded, so a test can check what the client sent (a
 * {@code Range} header after a resumed download, for example).
 *
 * <p>Requests pass through byte for byte (signatures stay valid, since the client signed for the proxy's host),
 * one request per connection: the proxy asks the server to close after each response. Request bodies must carry
 * a {@code Content-Length}. Faults are played in the order injected, each for the next {@code times} requests,
 * whatever the request.
 *
 * <p>Thread-safe. The creator closes it; closing ends every open connection.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    /** Plays a fault for every request until {@link #clearFaults()}. */
    public static final int FOREVER = Integer.MAX_VALUE;

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int CRLF_CRLF = 0x0D0A0D0A;

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket serverSocket;
    private final ExecutorService connections;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<ArmedFault> faults = new ArrayDeque<>();

    private FaultInjectingProxy(URI upstream, ServerSocket serverSocket) {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.serverSocket = serverSocket;
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        connections.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy on a free loopback port in front of an {@code http://host:port} server.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static FaultInjectingProxy start(URI upstream) {
        if (!"http".equals(upstream.getScheme()) || upstream.getPort() < 0) {
            throw new IllegalArgumentException("upstream must be http://host:port, not " + upstream);
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new FaultInjectingProxy(upstream, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fault-injecting proxy", e);
        }
    }

    /** The proxy's base URL, to give to the client instead of the server's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Plays {@code fault} for the next {@code times} requests, after the faults injected before it. */
    public void inject(Fault fault, int times) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        synchronized (faults) {
            faults.addLast(new ArmedFault(fault, times));
        }
    }

    /** Forgets every fault not played yet; requests pass through again. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    private Fault nextFault() {
        synchronized (faults) {
            ArmedFault head = faults.peekFirst();
            if (head == null) {
                return null;
            }
            if (head.remaining != FOREVER && --head.remaining == 0) {
                faults.removeFirst();
            }
            return head.fault;
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                openSockets.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                // accept fails once close() closed the server socket; that ends the loop
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            byte[] rawHead = readHead(in);
            if (rawHead == null) {
                return;
            }
            Head head = Head.parse(rawHead);
            if (head.headers().containsKey("transfer-encoding")) {
                out.write(errorResponse(new Fault.Respond(501, "NotImplemented", "FaultInjectingProxy forwards only "
                        + "request bodies with a Content-Length", Map.of())));
                return;
            }
            if ("100-continue".equalsIgnoreCase(head.headers().get("expect"))) {
                // The body is read before forwarding, so the proxy itself invites it.
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body = in.readNBytes(head.contentLength());
            requests.add(new RecordedRequest(head.method(), head.target(), head.headers()));
            Fault fault = nextFault();
            if (fault instanceof Fault.Respond respond) {
                out.write(errorResponse(respond));
                out.flush();
            } else {
                forward(head, body, client, out, (Fault.CutBody) fault);
            }
        } catch (IOException e) {
            // the client or the server went away, or close() ended the connection: nothing left to serve
        } finally {
            openSockets.remove(client);
        }
    }

    private void forward(Head head, byte[] body, Socket client, OutputStream out, Fault.CutBody cut)
            throws IOException {
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        openSockets.add(upstream);
        try (upstream) {
            OutputStream toServer = upstream.getOutputStream();
            toServer.write(head.withConnectionClose());
            toServer.write(body);
            toServer.flush();
            InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
            byte[] responseHead;
            do {
                responseHead = readHead(fromServer);
                if (responseHead == null) {
                    throw new EOFException("the server closed the connection without a response");
                }
                out.write(responseHead);
            } while (isInterim(responseHead));
            long limit = cut == null ? Long.MAX_VALUE : cut.afterBytes();
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            int n;
            while (copied < limit
                    && (n = fromServer.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) >= 0) {
                out.write(buffer, 0, n);
                copied += n;
            }
            out.flush();
            if (cut != null && cut.reset()) {
                client.setSoLinger(true, 0);
            }
        } finally {
            openSockets.remove(upstream);
        }
    }

    private static boolean isInterim(byte[] responseHead) {
        // "HTTP/1.1 1xx": a 100 Continue precedes the real response
        return responseHead.length > 9 && responseHead[9] == '1';
    }

    /** Reads up to and including the blank line that ends an HTTP head; null when the stream ends first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            lastFour = (lastFour << 8) | b;
            if (lastFour == CRLF_CRLF) {
                return head.toByteArray();
            }
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new EOFException("the stream ended inside an HTTP head");
    }

    private static byte[] errorResponse(Fault.Respond respond) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + respond.code() + "</Code><Message>"
                + respond.message() + "</Message><RequestId>fault-injecting-proxy</RequestId></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ").append(respond.status()).append(" Injected fault\r\n")
                .append("Content-Type: application/xml\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        respond.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(body, 0, response, headBytes.length, body.length);
        return response;
    }

    /** Stops accepting, ends open connections and forgets faults. */
    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the proxy's socket", e);
        } finally {
            for (Socket socket : new ArrayList<>(openSockets)) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway; nothing else to release
                }
            }
            connections.shutdownNow();
            try {
                connections.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clearFaults();
        }
    }

    private static final class ArmedFault {
        final Fault fault;
        int remaining;

        ArmedFault(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** A parsed request head, kept with its raw lines so it can be forwarded unchanged. */
    private record Head(String method, String target, List<String> lines, Map<String, String> headers) {
        static Head parse(byte[] raw) throws IOException {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
            String[] requestLine = lines.get(0).split(" ");
            if (requestLine.length != 3) {
                throw new IOException("not an HTTP request line: " + lines.get(0));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            return new Head(requestLine[0], requestLine[1], lines, headers);
        }

        int contentLength() {
            String value = headers.get("content-length");
            return value == null ? 0 : Integer.parseInt(value);
        }

        // One request per connection keeps the proxy free of response framing: the body ends where the stream
        // does. Expect goes too, since the proxy answered 100 Continue itself.
        byte[] withConnectionClose() {
            StringBuilder head = new StringBuilder();
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (!line.isEmpty() && !lower.startsWith("connection:") && !lower.startsWith("expect:")) {
                    head.append(line).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
