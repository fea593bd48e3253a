using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Server.Observability.Memory;

/// <summary>
/// Makes <c>performance.memory_limit_mb</c> the GC's heap hard limit. The runtime reads
/// <c>DOTNET_GCHeapHardLimit</c> only as it starts, so when the variable is missing or different, `vigil serve`
/// replaces itself (execve of /proc/self/exe with its own argv and the variable added): the same PID, so service
/// managers and signals keep working, and nothing has started yet (called before the host is built). Linux only;
/// elsewhere the caller warns that the variable must be set by whoever starts Vigil.
/// </summary>
public static class GcHeapLimitReexec
{
    public const string Variable = "DOTNET_GCHeapHardLimit";

    public enum Outcome
    {
        /// <summary>No limit configured.</summary>
        NoLimit,

        /// <summary>The variable already holds the limit: the GC runs with it.</summary>
        Applied,

        /// <summary>Not Linux, or execve failed: the limit is not in force (see <see cref="Instruction"/>).</summary>
        NotApplied,
    }

    /// <summary>The variable's value for a limit: the runtime reads GC settings as hexadecimal.</summary>
    public static string ValueFor(long limitBytes) => "0x" + limitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);

    public static string Instruction(long limitBytes) =>
        $"set {Variable}={ValueFor(limitBytes)} in Vigil's environment to enforce performance.memory_limit_mb";

    /// <summary>Returns when the limit is in force or cannot be; on Linux with a limit not yet applied, does not return.</summary>
    public static Outcome EnsureApplied(long limitBytes)
    {
        if (limitBytes <= 0)
            return Outcome.NoLimit;
        var wanted = ValueFor(limitBytes);
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), wanted, StringComparison.OrdinalIgnoreCase))
            return Outcome.Applied;
        if (!OperatingSystem.IsLinux())
            return Outcome.NotApplied;
        Reexec(wanted);
        return Outcome.NotApplied; // execve returned: it failed, so run on without the limit
    }

    private static void Reexec(string value)
    {
        var args = File.ReadAllBytes("/proc/self/cmdline");
        var argv = Split(args);
        var environment = Environment.GetEnvironmentVariables();
        var envp = new List<string>(environment.Count + 1);
        foreach (System.Collections.DictionaryEntry entry in environment)
            if ((string)entry.Key != Variable)
                envp.Add($"{entry.Key}={entry.Value}");
        envp.Add($"{Variable}={value}");
        Console.Out.Flush();
        Console.Error.Flush();
        // execve keeps the calling thread's signal mask: clear it, or SIGTERM could stay blocked in the new image.
        var empty = new byte[128];
        _ = PthreadSigmask(SigSetMask, empty, IntPtr.Zero);
        _ = Execve("/proc/self/exe", [.. argv, null], [.. envp, null]);
    }

    private static List<string?> Split(byte[] nulSeparated)
    {
        var parts = new List<string?>();
        var start = 0;
        for (var i = 0; i < nulSeparated.Length; i++)
        {
            if (nulSeparated[i] != 0)
                continue;
            parts.Add(Encoding.UTF8.GetString(nulSeparated, start, i - start));
            start = i + 1;
        }
        if (start < nulSeparated.Length)
            parts.Add(Encoding.UTF8.GetString(nulSeparated, start, nulSeparated.Length - start));
        return parts;
    }

    private const int SigSetMask = 2;

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code in this project, for two calls made once.
    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);

    [DllImport("libc", EntryPoint = "pthread_sigmask")]
    private static extern int PthreadSigmask(int how, byte[] set, IntPtr oldSet);
}
