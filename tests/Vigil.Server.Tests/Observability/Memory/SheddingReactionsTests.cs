using Microsoft.Extensions.DependencyInjection;
using Vigil.Checks.Scheduling;
using Vigil.Server.Auth;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Memory;

public sealed class SheddingReactionsTests
{
    [Fact]
    public async Task A_heap_past_the_limit_makes_the_host_skip_low_priority_checks_and_empty_its_key_cache()
    {
        // 1 MiB is below any real heap, so the pressure monitor starts shedding at its first look.
        await using var host = await VigilHost.StartAsync(o => o with { Performance = o.Performance with { MemoryLimitMb = 1 } });
        var scheduler = host.App.Services.GetRequiredService<CheckScheduler>();
        var keys = host.App.Services.GetRequiredService<ApiKeys>();

        await Eventually.Get(() => Task.FromResult(scheduler.ShedLowPriority), shedding => shedding, "the scheduler shedding");
        Assert.Equal(0, keys.CacheStats.Entries);
    }
}
