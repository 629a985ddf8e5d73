package dev.ebpf4j.processor.ir;

/** The context pointer an entry function receives in r1 ({@code struct xdp_md *}, {@code struct __sk_buff *}). */
public record ContextType(Hook hook) implements IrType {
}
