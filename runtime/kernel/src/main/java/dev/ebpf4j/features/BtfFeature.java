package dev.ebpf4j.features;

/** BTF kinds and forms newer kernels accept; older ones refuse a whole blob that uses them. */
public enum BtfFeature {
    /** FUNC and FUNC_PROTO (4.20): needed for func info. */
    FUNC,
    /** A FUNC with global linkage (5.6). */
    GLOBAL_FUNC,
    /** VAR and DATASEC (5.2): global data described in BTF. */
    DATASEC,
    /** FLOAT (5.13). */
    FLOAT,
    /** DECL_TAG (5.16). */
    DECL_TAG,
    /** TYPE_TAG (5.17). */
    TYPE_TAG,
    /** ENUM64 (6.0). */
    ENUM64
}
