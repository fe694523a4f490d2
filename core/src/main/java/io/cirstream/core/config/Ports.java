package io.cirstream.core.config;

/** The one check of a TCP port setting, for every service, the embedded broker and the command line. */
public final class Ports {

    /** The largest TCP port. */
    public static final int MAX = 65_535;

    private Ports() {}

    /**
     * The port, if it is one a server can listen on: 0 (any free port) to {@value #MAX}.
     *
     * @param name what the port is called in the message (a configuration key, a flag)
     * @throws IllegalArgumentException naming {@code name}, the range and the value, otherwise
     */
    public static int requireListenPort(String name, int port) {
        if (port < 0 || port > MAX) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX + " (0 = any free port), got " + port);
        }
        return port;
    }
}
