using Vigil.LoadTest.Reporting;

namespace Vigil.LoadTest.Tests.Support;

/// <summary>
/// A run's own verdict, as these tests may expect it. CI runs every test project at once on two cores, so a run can
/// miss its schedule by more than a second; "did not keep up" then says the machine was busy, which no test here
/// checks (VerdictTests does, with a server that stalls on purpose). Every other reason fails the test.
/// </summary>
public static class VerdictAssert
{
    public static void PassedOrMachineBusy(Verdict verdict) =>
        Assert.All(verdict.Reasons, r => Assert.StartsWith("did not keep up", r, StringComparison.Ordinal));

    /// <summary>Exit 0, or 1 with only the busy-machine reason in the run's result.json.</summary>
    public static void PassedOrMachineBusy(int exitCode, string outDir)
    {
        if (exitCode == 1)
            PassedOrMachineBusy(ResultJson.Read(Path.Combine(outDir, "result.json")).Verdict);
        else
            Assert.Equal(0, exitCode);
    }
}
