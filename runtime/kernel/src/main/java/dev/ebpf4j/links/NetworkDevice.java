package dev.ebpf4j.links;

import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.XdpNetlink;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A network interface by name and index, in the caller's network namespace or a named one.
 *
 * <pre>{@code
 * NetworkDevice eth0 = NetworkDevice.named("eth0");
 * }</pre>
 *
 * @param namespace empty for the namespace of the process
 */
public record NetworkDevice(String name, int index, Optional<NetworkNamespace> namespace) {
    public NetworkDevice {
        if (index <= 0) {
            throw new IllegalArgumentException("not an interface index: " + index);
        }
    }

    /**
     * The interface called {@code name} in the calling thread's namespace: the process's, or the
     * one it runs in through {@link NetworkNamespace#call}, which the device then keeps, so that a
     * detach made later from any thread reaches this interface and no other with the same index.
     *
     * @throws AttachException if there is none
     */
    public static NetworkDevice named(String name) {
        return resolve(name, NetworkNamespace.entered());
    }

    /**
     * The interface called {@code name} in {@code namespace}.
     *
     * @throws AttachException if there is none
     */
    public static NetworkDevice named(String name, NetworkNamespace namespace) {
        return resolve(name, Optional.of(namespace));
    }

    /** The interface with index {@code index} in {@code namespace} (empty: the process's), or null if there is none. */
    static NetworkDevice ofIndex(int index, Optional<NetworkNamespace> namespace) {
        String name = in(namespace, () -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return XdpNetlink.nameOf(socket, index);
            }
        });
        return name == null ? null : new NetworkDevice(name, index, namespace);
    }

    private static NetworkDevice resolve(String name, Optional<NetworkNamespace> namespace) {
        if (name.isEmpty() || name.length() > 15 || name.contains("/")) {
            throw new AttachException(AttachException.Reason.NO_SUCH_INTERFACE, "'" + name + "' is not an interface name (1 to 15 characters, no '/')");
        }
        int index = in(namespace, () -> {
            try {
                return dev.ebpf4j.sys.NetworkInterfaces.indexOf(name);
            } catch (IllegalArgumentException e) {
                return 0;
            }
        });
        if (index == 0) {
            throw new AttachException(AttachException.Reason.NO_SUCH_INTERFACE, "no network interface named '" + name + "'"
                    + namespace.map(ns -> " in " + ns).orElse("") + ": list them with 'ip link'"
                    + namespace.map(ns -> " (ip -n " + ns.name() + " link)").orElse(""));
        }
        return new NetworkDevice(name, index, namespace);
    }

    /** Runs {@code task} in this interface's namespace: there, sockets and attach calls see it. */
    <T> T call(Callable<T> task) {
        return in(namespace, task);
    }

    /** Runs {@code task} in {@code namespace}, or here for the process's own. */
    static <T> T in(Optional<NetworkNamespace> namespace, Callable<T> task) {
        if (namespace.isPresent()) {
            return namespace.get().call(task);
        }
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " (ifindex " + index + namespace.map(ns -> ", " + ns).orElse("") + ")";
    }
}
