package dev.transferguard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A server on loopback that takes every connection and never answers: what a timeout is for. A closed port
 * refuses at once, so a test of a time bound against it cannot fail.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new ArrayList<>();

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = socket.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                }
            } catch (IOException closed) {
                // The server is closed.
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts one on a free port.
     *
     * @return the server
     * @throws IOException if no port can be bound
     */
    public static SilentServer start() throws IOException {
        return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** @return its port */
    public int port() {
        return socket.getLocalPort();
    }

    /** @return whether a client has connected */
    public boolean connected() {
        synchronized (held) {
            return !held.isEmpty();
        }
    }

    /** Closes the server and every connection it holds. */
    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
