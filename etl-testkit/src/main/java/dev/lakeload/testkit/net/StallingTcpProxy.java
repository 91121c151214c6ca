package dev.lakeload.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback that forwards bytes both ways until told to {@link #stall()}: then it keeps every
 * connection open but passes nothing on, as a network that silently drops packets does, until {@link #resume()}.
 * For tests of what a client does when the server stops answering; the TCP stacks on both sides stay healthy, so
 * only timeouts in the client notice.
 *
 * <p>Thread-safe. The creator closes it; closing ends every connection.
 */
public final class StallingTcpProxy implements AutoCloseable {
    private final String host;
    private final int upstreamPort;
    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean stalled;

    private StallingTcpProxy(String host, int upstreamPort, ServerSocket serverSocket) {
        this.host = host;
        this.upstreamPort = upstreamPort;
        this.serverSocket = serverSocket;
        threads.execute(this::accept);
    }

    /** A proxy to {@code host:port}, listening on a free loopback port. */
    public static StallingTcpProxy to(String host, int port) {
        try {
            return new StallingTcpProxy(host, port, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops passing bytes on, in both directions, for every connection. */
    public void stall() {
        stalled = true;
    }

    /** Passes bytes on again, those held while stalled first. */
    public void resume() {
        stalled = false;
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                Socket server = new Socket(host, upstreamPort);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server));
                threads.execute(() -> pump(server, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (stalled) {
                    Thread.sleep(20);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other follows below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        stalled = false;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(StallingTcpProxy::closeQuietly);
        threads.shutdownNow();
    }
}
