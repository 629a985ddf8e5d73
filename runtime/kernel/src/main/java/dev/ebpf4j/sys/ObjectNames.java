package dev.ebpf4j.sys;

/** The kernel's rule for map and program names ({@code bpf_obj_name_cpy}). */
final class ObjectNames {
    private ObjectNames() {}

    /** Names longer than 15 characters are truncated by the kernel layer; other characters are refused. */
    static void check(String what, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException(what + " name '" + name + "': character '" + c
                        + "' at " + i + " is not allowed (the kernel takes only letters, digits, '_' and '.')");
            }
        }
    }
}
