package dev.lakeload.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Sockets whose TCP keepalive notices a dead peer within a minute: the first probe after 20 s of silence, then one
 * every 10 s, and the connection fails after 3 unanswered (Linux's default is two hours before the first). Named in
 * PgJDBC's {@code socketFactory} property together with {@code tcpKeepAlive=true}; this covers a server or network
 * that goes away while a connection waits for a long statement, without a {@code socketTimeout} that would also end
 * a statement that is merely long. Where the platform lacks these options, the system's keepalive times apply.
 *
 * <p>Thread-safe; PgJDBC makes one per connection.
 */
public final class KeepAliveSocketFactory extends SocketFactory {
    static final int IDLE_SECONDS = 20;
    static final int INTERVAL_SECONDS = 10;
    static final int PROBES = 3;

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        set(socket, ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
        set(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
        set(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        return socket;
    }

    private static void set(Socket socket, SocketOption<Integer> option, int value) throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }

    // PgJDBC only calls createSocket() and connects the socket itself; these complete the factory.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }
}
