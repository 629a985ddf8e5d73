package dev.ebpf4j.features;

import java.util.Objects;

/**
 * A probe's answer with its reason: the kernel supports the feature, the kernel does not, or the
 * kernel (or a security policy) refuses it to this process although the process may use
 * {@code bpf()}. Only {@link Supported} means "use it"; the other two say why not.
 *
 * <pre>{@code
 * Support arena = Features.get().mapTypeSupport(MapType.ARENA);
 * switch (arena) {
 *     case Support.Supported s -> useArena();
 *     case Support.Unsupported u -> fallBack();                  // this kernel has no arenas
 *     case Support.Refused r -> System.err.println(r);           // "refused: ARENA maps ... lack CAP_SYS_RESOURCE"
 * }
 * }</pre>
 *
 * <p>A refusal is about this process, not the kernel: another process with more capabilities, or
 * under another policy, may get {@link Supported} on the same machine.
 */
public sealed interface Support {
    /** Whether the feature can be used by this process. */
    default boolean isSupported() {
        return this instanceof Supported;
    }

    /** Why the feature cannot be used, as a sentence for users; empty when it is supported. */
    String reason();

    /** The kernel accepts the feature from this process. */
    static Support supported() {
        return Supported.INSTANCE;
    }

    /** This kernel does not have the feature. */
    static Support unsupported(String reason) {
        return new Unsupported(reason);
    }

    /** The kernel may have the feature, but this process is not allowed to use it. */
    static Support refused(String reason) {
        return new Refused(reason);
    }

    /** The kernel accepts the feature from this process. */
    record Supported() implements Support {
        private static final Supported INSTANCE = new Supported();

        @Override
        public String reason() {
            return "";
        }

        @Override
        public String toString() {
            return "supported";
        }
    }

    /** @param reason what the kernel said when it turned the probe down */
    record Unsupported(String reason) implements Support {
        public Unsupported {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "unsupported: " + reason;
        }
    }

    /** @param reason what was refused, with what this process lacks that the kernel checks */
    record Refused(String reason) implements Support {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "refused: " + reason;
        }
    }
}
