package org.vistruct.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/** Plain sockets with TCP_NODELAY set: small request/response exchanges are not held back by Nagle's algorithm. */
final class NoDelaySockets extends SocketFactory {
    private static Socket nodelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket() throws IOException { return nodelay(new Socket()); }

    @Override
    public Socket createSocket(String host, int port) throws IOException { return nodelay(new Socket(host, port)); }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException { return nodelay(new Socket(host, port, local, localPort)); }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException { return nodelay(new Socket(host, port)); }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return nodelay(new Socket(host, port, local, localPort));
    }
}
