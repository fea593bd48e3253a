namespace Vigil.Checks.Tests.Scheduling;

/// <summary>Waits for work the scheduler handed to the thread pool. The clock under test is fake; this only bounds real waiting.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, int seconds = 10)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000L);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(1);
        }
    }
}
