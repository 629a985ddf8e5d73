package dev.ebpf4j.loader;

/**
 * The loader cannot turn an object into kernel objects for a reason of the object's or the
 * caller's making (a missing symbol, an incompatible pinned map, an unsupported feature). The
 * message is one line naming the program, map or variable and the problem.
 */
public final class LoadException extends dev.ebpf4j.errors.Ebpf4jException {
    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
