package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sockets PgJDBC gets from {@link KeepAliveSocketFactory} notice a dead peer within a minute. */
@Tag("reliability")
class KeepAliveSocketFactoryTest {
    @Test
    void socketsProbeAfterTwentySecondsOfSilenceAndGiveUpWithinAMinute() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new KeepAliveSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                     server.getLocalPort())) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getKeepAlive()).isTrue();
            int idle = socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE);
            int interval = socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL);
            int probes = socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT);
            assertThat(idle).isEqualTo(20);
            assertThat(idle + interval * probes).isLessThanOrEqualTo(60);
        }
    }
}
