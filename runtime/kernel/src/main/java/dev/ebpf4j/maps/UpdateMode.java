package dev.ebpf4j.maps;

/** How an update treats an existing element ({@code BPF_ANY}, {@code BPF_NOEXIST}, {@code BPF_EXIST}). */
public enum UpdateMode {
    /** Create the element or replace it. */
    ANY(0),
    /** Create only; fails (returns false) if the key exists. */
    NOEXIST(1),
    /** Replace only; fails (returns false) if the key is absent. */
    EXIST(2);

    private final long flag;

    UpdateMode(long flag) {
        this.flag = flag;
    }

    /** The kernel's flag value. */
    public long flag() {
        return flag;
    }
}
