package dev.ebpf4j.maps;

import dev.ebpf4j.types.MapType;

/**
 * What the kernel reports about a live map ({@code BPF_OBJ_GET_INFO_BY_FD}).
 *
 * @param id the kernel-wide map id, stable while the map exists
 * @param btfId the id of the map's BTF, or 0
 */
public record MapInfo(MapType type, int id, int keySize, int valueSize, int maxEntries, int flags, String name,
                      int btfId, int btfKeyTypeId, int btfValueTypeId) {}
