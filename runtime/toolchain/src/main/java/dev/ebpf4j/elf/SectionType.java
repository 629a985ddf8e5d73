package dev.ebpf4j.elf;

/** Values of {@code sh_type}, with the names llvm-readelf prints for them. */
public final class SectionType {
    public static final int NULL = 0;
    public static final int PROGBITS = 1;
    public static final int SYMTAB = 2;
    public static final int STRTAB = 3;
    public static final int RELA = 4;
    public static final int HASH = 5;
    public static final int DYNAMIC = 6;
    public static final int NOTE = 7;
    public static final int NOBITS = 8;
    public static final int REL = 9;
    public static final int DYNSYM = 11;
    public static final int INIT_ARRAY = 14;
    public static final int FINI_ARRAY = 15;
    public static final int GROUP = 17;
    public static final int SYMTAB_SHNDX = 18;
    /** LLVM's address-significance table ({@code .llvm_addrsig}), which clang emits by default. */
    public static final int LLVM_ADDRSIG = 0x6fff4c03;

    private SectionType() {}

    /** The name of {@code type} without the {@code SHT_} prefix, or its hex value if unknown. */
    public static String name(int type) {
        return switch (type) {
            case NULL -> "NULL";
            case PROGBITS -> "PROGBITS";
            case SYMTAB -> "SYMTAB";
            case STRTAB -> "STRTAB";
            case RELA -> "RELA";
            case HASH -> "HASH";
            case DYNAMIC -> "DYNAMIC";
            case NOTE -> "NOTE";
            case NOBITS -> "NOBITS";
            case REL -> "REL";
            case DYNSYM -> "DYNSYM";
            case INIT_ARRAY -> "INIT_ARRAY";
            case FINI_ARRAY -> "FINI_ARRAY";
            case GROUP -> "GROUP";
            case SYMTAB_SHNDX -> "SYMTAB_SHNDX";
            case LLVM_ADDRSIG -> "LLVM_ADDRSIG";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    /** Whether sections of {@code type} occupy no bytes in the file. */
    public static boolean hasNoData(int type) {
        return type == NOBITS || type == NULL;
    }
}
