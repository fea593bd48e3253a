using Vigil.Observability.Collection;

namespace Vigil.Observability.Tests;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("vigil.ping.duration", "s", false, "vigil_ping_duration_seconds")]
    [InlineData("vigil.storage.data", "By", false, "vigil_storage_data_bytes")]
    [InlineData("vigil.write_queue.depth", "{item}", false, "vigil_write_queue_depth")]
    [InlineData("vigil.build_info", "1", false, "vigil_build_info")]
    [InlineData("vigil.pings", "{ping}", true, "vigil_pings")]
    [InlineData("vigil.errors_total", null, true, "vigil_errors")]
    [InlineData("dotnet.process.cpu.time", "s", true, "dotnet_process_cpu_time_seconds")]
    [InlineData("already_seconds", "s", false, "already_seconds")]
    [InlineData("http-server.request duration", "ms", false, "http_server_request_duration_milliseconds")]
    [InlineData("9lives", null, false, "_9lives")]
    [InlineData("ns:name", null, false, "ns:name")]
    public void MetricName_ConvertsDotsUnitsAndCounters(string instrument, string? unit, bool counter, string expected) =>
        // The family name never ends in _total: the writer adds it to counter samples.
        Assert.Equal(expected, PrometheusNames.MetricName(instrument, unit, counter));

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("status_class", "status_class")]
    [InlineData("ns:key", "ns_key")]
    [InlineData("1st", "_1st")]
    public void LabelName_ReplacesCharactersPrometheusDoesNotAllow(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.LabelName(key));
}
