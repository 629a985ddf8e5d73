package dev.ebpf4j.btf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * BTF names of types, members, functions and variables must be C identifiers (the kernel checks).
 * {@link #mangle} turns any Java identifier into one, the same way every time; a {@link Scope}
 * additionally keeps distinct Java names distinct in one namespace.
 *
 * <pre>{@code
 * CIdentifiers.isValid("flow_key");        // true
 * CIdentifiers.mangle("Outer$Inner");      // "Outer__Inner"
 * CIdentifiers.mangle("größe");            // "gr_u00f6__u00df_e"
 * CIdentifiers.mangle("register");         // "register_" (a C keyword)
 * }</pre>
 */
public final class CIdentifiers {
    /** Longer names are shortened: the kernel's limit for a BTF name is 128 bytes with the NUL. */
    public static final int MAX_LENGTH = 127;

    private static final Set<String> KEYWORDS = Set.of(
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
            "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
            "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
            "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
            "_Static_assert", "_Thread_local", "alignas", "alignof", "bool", "constexpr", "false", "nullptr",
            "static_assert", "thread_local", "true", "typeof", "typeof_unqual", "asm");

    private CIdentifiers() {}

    /** Whether {@code name} is a C identifier that is not a keyword and fits a BTF name. */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || KEYWORDS.contains(name) || isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isIdentifierChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A valid C identifier for {@code name}: ASCII letters, digits and {@code _} are kept, {@code $}
     * becomes {@code __}, any other code point {@code _uXXXX_} (hex, at least four digits); a
     * leading digit or an empty name gets a {@code _} in front, a keyword one behind; a name past
     * {@link #MAX_LENGTH} keeps its start and ends in a hash of the whole.
     */
    public static String mangle(String name) {
        if (isValid(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (cp < 128 && isIdentifierChar((char) cp)) {
                out.append((char) cp);
            } else if (cp == '$') {
                out.append("__");
            } else {
                out.append("_u").append(String.format("%04x", cp)).append('_');
            }
        });
        if (out.isEmpty() || isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        if (KEYWORDS.contains(out.toString())) {
            out.append('_');
        }
        if (out.length() > MAX_LENGTH) {
            String hash = String.format("%016x", fnv1a(name));
            out.setLength(MAX_LENGTH - hash.length() - 1);
            out.append('_').append(hash);
        }
        return out.toString();
    }

    /**
     * One namespace (the members of a struct, the globals of an object): hands out mangled names and
     * adds {@code _2}, {@code _3}, … when two different Java names would mangle alike, so the
     * result depends only on the order of first requests.
     */
    public static final class Scope {
        private final Map<String, String> byJavaName = new HashMap<>();
        private final Map<String, String> byCName = new HashMap<>();

        /** The C name for {@code javaName} in this scope; the same Java name always gets the same C name. */
        public String name(String javaName) {
            String known = byJavaName.get(javaName);
            if (known != null) {
                return known;
            }
            String base = mangle(javaName);
            String candidate = base;
            for (int n = 2; byCName.containsKey(candidate); n++) {
                String suffix = "_" + n;
                candidate = (base.length() + suffix.length() > MAX_LENGTH ? base.substring(0, MAX_LENGTH - suffix.length()) : base) + suffix;
            }
            byJavaName.put(javaName, candidate);
            byCName.put(candidate, javaName);
            return candidate;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
    }

    private static long fnv1a(String s) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
