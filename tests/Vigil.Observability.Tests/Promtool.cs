using System.Diagnostics;

namespace Vigil.Observability.Tests;

/// <summary>Runs <c>promtool check metrics</c> (Debian package prometheus, installed by scripts/test.sh) on a page.</summary>
public static class Promtool
{
    public static async Task AssertValidAsync(string page)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        await process.StandardInput.WriteAsync(page);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        // Exit 0: valid, no lint problems. Exit 3: valid but lint problems, which promtool prints; both fail here.
        Assert.True(process.ExitCode == 0 && (await error).Trim().Length == 0,
            $"promtool check metrics exited {process.ExitCode}: {await output}{await error}\n--- page ---\n{page}");
    }
}
