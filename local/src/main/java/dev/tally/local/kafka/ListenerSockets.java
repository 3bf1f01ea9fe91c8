package dev.tally.local.kafka;

import org.apache.kafka.server.ServerSocketFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker's two listening sockets, bound by us before Kafka starts and handed to Kafka's socket
 * servers through the {@link ServerSocketFactory} hook.
 *
 * <p>Why bind them ourselves: a port that is taken fails here, before anything of Kafka starts,
 * with one line that names the port; port 0 becomes a real port without the race of "find a free
 * port, close it, hope nobody takes it" (the controller's port must be known when the config is
 * written, because the static quorum voter string contains it).
 */
final class ListenerSockets implements ServerSocketFactory, AutoCloseable {

    static final String HOST = "localhost";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Kafka's default {@code socket.listen.backlog.size}. */
    private static final int BACKLOG = 50;

    private final int clientPort;
    private final int controllerPort;
    /** Sockets not yet taken over by Kafka; Kafka closes the ones it took. Guarded by {@code this}. */
    private final Map<String, ServerSocketChannel> unclaimed = new HashMap<>();

    private ListenerSockets(ServerSocketChannel client, ServerSocketChannel controller) {
        this.clientPort = client.socket().getLocalPort();
        this.controllerPort = controller.socket().getLocalPort();
        unclaimed.put(CLIENT_LISTENER, client);
        unclaimed.put(CONTROLLER_LISTENER, controller);
    }

    /** Binds both ports on localhost (0 = any free port), or fails with one line naming the port and the fix. */
    static ListenerSockets bind(int clientPort, int controllerPort) {
        ServerSocketChannel client = bindOrExplain(clientPort,
                "port %d is already in use: stop what holds it or pass --kafka-port");
        try {
            ServerSocketChannel controller = bindOrExplain(controllerPort,
                    "controller port %d is already in use: stop what holds it or pass --kafka-controller-port");
            return new ListenerSockets(client, controller);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    int clientPort() {
        return clientPort;
    }

    int controllerPort() {
        return controllerPort;
    }

    @Override
    public synchronized ServerSocketChannel openServerSocket(String listenerName, InetSocketAddress address,
                                                             int listenBacklogSize, int recvBufferSize)
            throws IOException {
        ServerSocketChannel bound = unclaimed.remove(listenerName);
        if (bound != null) {
            return bound;
        }
        // Not one of ours (a listener we did not configure): bind it the way Kafka would.
        return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, address, listenBacklogSize, recvBufferSize);
    }

    /** Closes the sockets Kafka never took over, e.g. when start-up failed half-way. */
    @Override
    public synchronized void close() {
        unclaimed.values().forEach(ListenerSockets::closeQuietly);
        unclaimed.clear();
    }

    private static ServerSocketChannel bindOrExplain(int port, String inUseMessage) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            // Kafka's acceptor expects a non-blocking channel (its own factory does the same).
            channel.configureBlocking(false);
            // Lets a restart re-bind the port while old connections sit in TIME_WAIT;
            // it never lets two listeners share the port.
            channel.socket().setReuseAddress(true);
            channel.bind(new InetSocketAddress(HOST, port), BACKLOG);
            return channel;
        } catch (BindException e) {
            closeQuietly(channel);
            throw new LocalKafkaException(String.format(inUseMessage, port), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LocalKafkaException("cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the socket is being abandoned anyway.
        }
    }
}
