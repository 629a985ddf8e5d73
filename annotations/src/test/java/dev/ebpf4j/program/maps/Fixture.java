package dev.ebpf4j.program.maps;

record Flow(int address, short port, byte protocol) {
}
