/** The {@code ebpf4j} command line, built with picocli over the runtime. Not an API. */
module dev.ebpf4j.cli {
    requires dev.ebpf4j.runtime;
    requires info.picocli;

    opens dev.ebpf4j.cli to info.picocli;
}
