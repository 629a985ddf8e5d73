package dev.ebpf4j.loader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ObjectLoader} loads an object.
 *
 * <pre>{@code
 * LoadOptions options = LoadOptions.defaults()
 *         .withPinDirectory(Path.of("/sys/fs/bpf/myapp"))      // maps with pinning BY_NAME live here
 *         .withGlobal("threshold", new byte[] {100, 0, 0, 0})  // a .rodata constant, set before load
 *         .withObjectName("firewall");
 * }</pre>
 *
 * @param pinDirectory where maps declared with {@code pinning = BY_NAME} are opened from and pinned
 *     to (as {@code DIR/<name>}, '.' written as '_'); without one they are created unpinned and a
 *     warning says so
 * @param useBtf whether to load the object's BTF at all (it is still dropped, with the reason
 *     recorded, when the kernel refuses it)
 * @param globals initial values for global variables by name, overriding the object's (the usual
 *     way to configure {@code .rodata} constants, which are frozen at load)
 * @param objectName a prefix for the kernel names of the data section maps ({@code name.rodata}),
 *     as libbpf names them; empty for just the section name
 * @param logLevel the verifier log level used when a program is refused (1 or 2)
 */
public record LoadOptions(Optional<Path> pinDirectory, boolean useBtf, Map<String, byte[]> globals, String objectName,
                          int logLevel) {
    public LoadOptions {
        Objects.requireNonNull(pinDirectory, "pinDirectory");
        Objects.requireNonNull(objectName, "objectName");
        Map<String, byte[]> copy = new HashMap<>();
        globals.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "global name"), value.clone()));
        globals = Map.copyOf(copy);
        if (logLevel < 1 || logLevel > 2) {
            throw new IllegalArgumentException("verifier log level " + logLevel + " is not 1 or 2");
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Optional.empty(), true, Map.of(), "", 1);
    }

    public LoadOptions withPinDirectory(Path directory) {
        return new LoadOptions(Optional.of(directory), useBtf, globals, objectName, logLevel);
    }

    public LoadOptions withoutBtf() {
        return new LoadOptions(pinDirectory, false, globals, objectName, logLevel);
    }

    /** The initial value of the global variable {@code name}; its length must be the variable's size. */
    public LoadOptions withGlobal(String name, byte[] value) {
        Map<String, byte[]> more = new HashMap<>(globals);
        more.put(name, value);
        return new LoadOptions(pinDirectory, useBtf, more, objectName, logLevel);
    }

    public LoadOptions withObjectName(String name) {
        return new LoadOptions(pinDirectory, useBtf, globals, name, logLevel);
    }

    public LoadOptions withLogLevel(int level) {
        return new LoadOptions(pinDirectory, useBtf, globals, objectName, level);
    }
}
