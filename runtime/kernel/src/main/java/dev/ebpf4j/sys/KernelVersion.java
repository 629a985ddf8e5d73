package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running kernel's version as {@code uname(2)} reports it. Used only where a behaviour cannot be
 * probed cheaply (RLIMIT_MEMLOCK accounting); features are decided by probes, not versions.
 *
 * @param major e.g. 6
 * @param minor e.g. 1
 * @param patch e.g. 0; 0 when the release string has none
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    /** {@code struct utsname} on Linux: six 65-byte strings. */
    private static final StructLayout UTSNAME = MemoryLayout.structLayout(
            Attr.chars("sysname", 65), Attr.chars("nodename", 65), Attr.chars("release", 65),
            Attr.chars("version", 65), Attr.chars("machine", 65), Attr.chars("domainname", 65));

    private static final class Running {
        static final KernelVersion VERSION = parse(release());
    }

    /** The version of the kernel this JVM runs on. */
    public static KernelVersion running() {
        return Running.VERSION;
    }

    /** The release string of the running kernel, e.g. {@code 6.1.0-27-amd64}. */
    public static String release() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment uts = arena.allocate(UTSNAME);
            if (Libc.uname(uts) != 0) {
                throw new IllegalStateException("uname failed: " + new Errno(Libc.errno()).name());
            }
            return uts.getString(Attr.offset(UTSNAME, "release"));
        }
    }

    /**
     * Parses the leading {@code major.minor[.patch]} of a release string.
     *
     * @throws IllegalArgumentException if the string does not start with a version
     */
    public static KernelVersion parse(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            throw new IllegalArgumentException("not a kernel release: '" + release + "'");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** Whether this version is {@code major.minor} or newer. */
    public boolean isAtLeast(int major, int minor) {
        return compareTo(new KernelVersion(major, minor, 0)) >= 0;
    }

    @Override
    public int compareTo(KernelVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
