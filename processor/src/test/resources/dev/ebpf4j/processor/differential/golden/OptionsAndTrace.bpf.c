/* OptionsAndTrace.java: gen.OptionsAndTrace, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* OptionsAndTrace.java:12: @Xdp */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* OptionsAndTrace.java:14 */
	if (eth == NULL) { /* OptionsAndTrace.java:15 */
		return 2;
	}
	struct Ipv4 *ip = ethernet_ipv4(eth, data_end); /* OptionsAndTrace.java:16 */
	if (ip == NULL) { /* OptionsAndTrace.java:17 */
		return 2;
	}
	struct Tcp *tcp = ipv4_tcp(ip, data_end); /* OptionsAndTrace.java:18 */
	if (tcp == NULL) { /* OptionsAndTrace.java:19 */
		return 2;
	}
	__s32 mss = tcp_mss(tcp, data_end); /* OptionsAndTrace.java:20 */
	results_put(0, (__s64)mss); /* OptionsAndTrace.java:21 */
	results_put(1, tcp_timestamp_echo(tcp, data_end)); /* OptionsAndTrace.java:22 */
	if (tcp_sack_permitted(tcp, data_end) && tcp_window_scale(tcp, data_end) > 7) { /* OptionsAndTrace.java:23 */
		ebpf4j_trace("big \"scale\" %d from %u", (__s64)tcp_window_scale(tcp, data_end), (__s64)tcp_source_port(tcp));
	}
	ebpf4j_trace("tsval %llx", tcp_timestamp_value(tcp, data_end)); /* OptionsAndTrace.java:24 */
	return 2; /* OptionsAndTrace.java:25 */
}

char LICENSE[] SEC("license") = "GPL";
