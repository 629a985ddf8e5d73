/**
 * The pure object toolchain: instructions, the assembler and disassembler, ELF and BTF, the object
 * model and linking. It depends on nothing of ebpf4j's and never calls the kernel, so the
 * annotation processor and tools use it on any machine.
 */
module dev.ebpf4j.toolchain {
    exports dev.ebpf4j.asm;
    exports dev.ebpf4j.binary;
    exports dev.ebpf4j.btf;
    exports dev.ebpf4j.elf;
    exports dev.ebpf4j.linking;
    exports dev.ebpf4j.object;
    exports dev.ebpf4j.types;
}
