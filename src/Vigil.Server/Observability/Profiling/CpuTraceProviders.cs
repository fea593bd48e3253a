using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Vigil.Server.Observability.Profiling;

/// <summary>
/// The providers of dotnet-trace's "cpu-sampling" profile: the sample profiler (a managed stack of every thread about
/// every millisecond) and the runtime's default keywords (GC, JIT, loader, exceptions, threading, stacks). The runtime
/// rundown requested with the session adds the method and module maps that turn sampled addresses into names.
/// </summary>
public static class CpuTraceProviders
{
    private const long SampleProfilerKeywords = 0xF00000000000;
    private const long RuntimeDefaultKeywords = 0x14C14FCCBD;

    public static IReadOnlyList<EventPipeProvider> All { get; } =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational, SampleProfilerKeywords),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeDefaultKeywords),
    ];
}
