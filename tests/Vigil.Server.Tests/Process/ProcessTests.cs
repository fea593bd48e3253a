using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Process;

public sealed class ProcessTests
{
    private static readonly Dictionary<string, string> NoRateLimit = new() { ["VIGIL_PINGS__RATE_LIMIT"] = "0", ["VIGIL_LOGGING__LEVEL"] = "warning" };

    [Fact]
    public async Task Serve_SigkillMidBurst_EveryAcknowledgedPingSurvives()
    {
        using var dir = VigilHost.TempDir();
        var ids = new List<string>();
        var acknowledged = new ConcurrentDictionary<string, int>();
        using (var vigil = await VigilProcess.ServeAsync(dir.Path, NoRateLimit))
        using (var client = vigil.Client())
        {
            for (var i = 0; i < 20; i++)
            {
                using var created = await client.PostAsync("/api/v1/monitors", VigilHost.Json($$"""{"name":"burst {{i}}","period_seconds":60,"grace_seconds":30}"""));
                await HttpAssert.Expect(created, 201);
                ids.Add((string)(await HttpAssert.ReadObject(created))["id"]!);
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var pinger = new HttpClient { BaseAddress = vigil.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var loops = Enumerable.Range(0, 32).Select(loop => Task.Run(async () =>
            {
                var n = loop;
                while (!stop.IsCancellationRequested)
                {
                    var id = ids[n++ % ids.Count];
                    try
                    {
                        using var response = await pinger.GetAsync($"/ping/{id}", stop.Token);
                        if ((int)response.StatusCode == 200)
                            acknowledged.AddOrUpdate(id, 1, (_, c) => c + 1);
                    }
                    catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToArray();

            // let the burst run, then kill while it is still going
            var burst = Stopwatch.StartNew();
            while (burst.Elapsed < TimeSpan.FromSeconds(1.5) && acknowledged.Values.Sum() < 20_000)
                await Task.Delay(20);
            Assert.False(loops.All(l => l.IsCompleted), "the burst ended before the kill");
            vigil.Kill();
            Assert.True(vigil.HasExited);
            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.True(acknowledged.Values.Sum() > 100, $"only {acknowledged.Values.Sum()} pings were acknowledged before the kill");

        using var restarted = await VigilProcess.ServeAsync(dir.Path, NoRateLimit);
        using var reader = restarted.Client();
        foreach (var id in ids)
        {
            var expected = acknowledged.GetValueOrDefault(id);
            using var response = await reader.GetAsync($"/api/v1/monitors/{id}");
            await HttpAssert.Expect(response, 200);
            var count = (long)(await HttpAssert.ReadObject(response))["ping_count"]!;
            Assert.True(count >= expected, $"monitor {id}: ping_count {count} < {expected} acknowledged");
            Assert.True(await CountPingsAsync(reader, id) >= expected, $"monitor {id}: fewer stored pings than the {expected} acknowledged");
        }
    }

    [Fact]
    public async Task Serve_Sigterm_DrainsExitsZeroAndKeepsPings()
    {
        using var dir = VigilHost.TempDir();
        string id;
        using (var vigil = await VigilProcess.ServeAsync(dir.Path, NoRateLimit))
        using (var client = vigil.Client())
        {
            using (var created = await client.PostAsync("/api/v1/monitors", VigilHost.Json("""{"name":"drained","period_seconds":60,"grace_seconds":30}""")))
            {
                await HttpAssert.Expect(created, 201);
                id = (string)(await HttpAssert.ReadObject(created))["id"]!;
            }
            for (var i = 0; i < 25; i++)
            {
                using var ping = await client.GetAsync($"/ping/{id}" + (i % 5 == 4 ? "/log" : ""));
                await HttpAssert.Expect(ping, 200);
            }

            vigil.Terminate();
            Assert.True(await vigil.WaitForExitAsync(TimeSpan.FromSeconds(10)), "vigil did not exit within 10 s of SIGTERM:\n" + vigil.Output);
            Assert.Equal(0, vigil.ExitCode);
        }

        using var restarted = await VigilProcess.ServeAsync(dir.Path, NoRateLimit);
        using var reader = restarted.Client();
        using var monitor = await reader.GetAsync($"/api/v1/monitors/{id}");
        var view = await HttpAssert.ReadObject(monitor);
        Assert.Equal(25, (long)view["ping_count"]!);
        Assert.Equal("up", (string)view["status"]!);
        Assert.Equal(25, await CountPingsAsync(reader, id));
    }

    [Fact]
    public async Task ConfigValidate_BadFile_Exits2AndNamesTheKeyPath()
    {
        using var dir = VigilHost.TempDir();
        var file = Path.Combine(dir.Path, "bad.yaml");
        await File.WriteAllTextAsync(file, "pings:\n  rate_limit: many\n");

        var (exit, _, stderr) = await VigilProcess.RunAsync("config", "validate", file);

        Assert.Equal(2, exit);
        Assert.Contains("pings.rate_limit: must be an integer", stderr);

        var (serveExit, _, serveErr) = await VigilProcess.RunAsync("serve", "--config", file, "--data-dir", dir.Path, "--urls", $"http://127.0.0.1:{VigilProcess.FreePort()}");
        Assert.Equal(2, serveExit);
        Assert.Contains("pings.rate_limit: must be an integer", serveErr);
    }

    [Fact]
    public async Task ConfigInit_SmallTemplate_OutputValidates()
    {
        using var dir = VigilHost.TempDir();
        var file = Path.Combine(dir.Path, "vigil.yaml");

        var (initExit, written, _) = await VigilProcess.RunAsync("config", "init", "--template", "small", "--output", file);
        Assert.Equal(0, initExit);
        Assert.Contains(file, written);
        Assert.True(File.Exists(file));

        var (exit, stdout, stderr) = await VigilProcess.RunAsync("config", "validate", file);
        Assert.True(exit == 0, stderr);
        Assert.Contains("valid", stdout);

        var (again, _, refused) = await VigilProcess.RunAsync("config", "init", "--output", file);
        Assert.Equal(1, again);
        Assert.Contains("not overwriting", refused);
    }

    [Fact]
    public async Task Version_Prints_NameAndVersion()
    {
        var (exit, stdout, _) = await VigilProcess.RunAsync("version");

        Assert.Equal(0, exit);
        Assert.StartsWith("vigil ", stdout);
        Assert.Contains(".NET", stdout);
    }

    private static async Task<int> CountPingsAsync(HttpClient client, string id)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/api/v1/monitors/{id}/pings?limit=1000" + (cursor is null ? "" : $"&cursor={cursor}"));
            await HttpAssert.Expect(response, 200);
            var page = await HttpAssert.ReadObject(response);
            count += page["pings"]!.AsArray().Count;
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);
        return count;
    }
}
