package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A loopback server that sends a response's headers and then stalls its body: Java's HTTP client
 * timeout stops at the headers, so without our own bound a call would wait for ever.
 */
class StalledResponseTest {
    ServerSocket server;
    final List<Socket> held = new ArrayList<>();
    Thread acceptor;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    InputStream in = s.getInputStream();
                    int matched = 0;
                    while (matched < 4) {      // read the request head up to its blank line
                        int c = in.read();
                        if (c < 0) break;
                        matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"sha\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();   // ... and nothing more: the body stalls with the connection open
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aStalledBodyEndsTheCallAfterTheRequestTimeoutOnEachAttempt() throws Exception {
        AppCredentials credentials = new AppCredentials(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                ServiceHarness.APP_ID, PemPrivateKeys.parse(TestKeys.pkcs1Pem()), "s".getBytes(StandardCharsets.UTF_8));
        RetrySettings retry = new RetrySettings(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofMillis(400));
        GitHubClient client = new GitHubClient(credentials, retry, new ObjectMapper(), new ServiceMetrics(new SimpleMeterRegistry()));
        GitHubException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(GitHubException.class,
                () -> client.exchange(GitHubCall.get("test.stall", "http://127.0.0.1:" + server.getLocalPort() + "/repos/o/r/git/blobs/1"))));
        assertTrue(e.getMessage().contains("failed after 2 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("HttpTimeoutException"), e.getMessage());
        synchronized (held) {
            assertTrue(held.size() == 2, "one connection per attempt: " + held.size());
        }
    }
}
