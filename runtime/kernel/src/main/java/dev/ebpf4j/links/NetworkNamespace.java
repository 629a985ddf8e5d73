package dev.ebpf4j.links;

import dev.ebpf4j.sys.NetNamespaces;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A named network namespace, as {@code ip netns add NAME} creates it (bound at
 * {@code /run/netns/NAME}). Attaching to an interface in it needs no second process: the work runs on
 * a thread of its own that enters the namespace and then ends.
 *
 * <pre>{@code
 * NetworkDevice veth = NetworkDevice.named("veth0", new NetworkNamespace("test"));
 * }</pre>
 *
 * @param name the name under /run/netns
 */
public record NetworkNamespace(String name) {
    public NetworkNamespace {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
    }

    /** The named namespace the calling thread runs in through {@link #call}, if it does. */
    static java.util.Optional<NetworkNamespace> entered() {
        return NetNamespaces.entered()
                .filter(path -> path.getParent() != null && path.getParent().equals(Path.of("/run/netns")))
                .map(path -> new NetworkNamespace(path.getFileName().toString()));
    }

    /** Where {@code ip netns} binds it. */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    /** Runs {@code task} inside this namespace, on a thread of its own, and returns its result. */
    public <T> T call(Callable<T> task) {
        return NetNamespaces.callIn(path(), task);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
