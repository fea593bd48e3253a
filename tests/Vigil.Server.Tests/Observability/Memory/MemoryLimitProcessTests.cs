using Vigil.Server.Observability.Memory;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Memory;

public sealed class MemoryLimitProcessTests
{
    [Fact]
    public async Task Serve_WithAMemoryLimit_ReexecsItselfWithTheGcHardLimit_KeepingItsPid()
    {
        if (!OperatingSystem.IsLinux())
            return; // the re-exec is Linux only
        using var dir = VigilHost.TempDir();
        var environment = new Dictionary<string, string>
        {
            ["VIGIL_PERFORMANCE__MEMORY_LIMIT_MB"] = "256",
            ["VIGIL_LOGGING__LEVEL"] = "warning",
            [GcHeapLimitReexec.Variable] = "0x1000000", // a stale, different value: replaced, not kept
        };
        using var vigil = await VigilProcess.ServeAsync(dir.Path, environment);
        using var client = vigil.Client();

        using var response = await client.GetAsync("/api/v1/system");
        await HttpAssert.Expect(response, 200);
        var system = await HttpAssert.ReadObject(response);

        Assert.Equal(vigil.Id, (int)system["pid"]!);
        Assert.Equal(256L * 1024 * 1024, (long)system["memory"]!["limit_bytes"]!);
        Assert.Equal(256L * 1024 * 1024, (long)system["memory"]!["gc_total_available_bytes"]!);
        Assert.DoesNotContain("GC runs without that hard limit", vigil.Output, StringComparison.Ordinal);

        vigil.Terminate();
        Assert.True(await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30)), "vigil did not stop on SIGTERM after re-executing itself");
        Assert.Equal(0, vigil.ExitCode);
    }
}
