using System.Diagnostics;
using OsProcess = System.Diagnostics.Process;

namespace Vigil.Server.Tests.Support;

/// <summary>Runs /usr/bin/promtool (Debian package prometheus, installed by scripts/test.sh).</summary>
public static class Promtool
{
    public const string Binary = "/usr/bin/promtool";

    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"promtool exited {ExitCode}:\n{Output}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, string? stdin, params string[] args)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install the Debian package prometheus (scripts/test.sh does)");
        var start = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = OsProcess.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, (await stdout) + (await stderr));
    }
}
