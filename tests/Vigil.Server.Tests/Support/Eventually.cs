namespace Vigil.Server.Tests.Support;

/// <summary>Waits for work that runs on its own (a check's network round trip). Bounds real waiting only; the clock under test stays fake.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000L);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }
}
