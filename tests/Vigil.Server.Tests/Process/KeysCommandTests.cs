using System.Net.Http.Headers;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Process;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task KeysCreate_BesideRunningServer_KeyWorksAtOnceWithItsScope()
    {
        using var dir = VigilHost.TempDir();
        using var vigil = await VigilProcess.ServeAsync(dir.Path);

        var (exit, stdout, stderr) = await VigilProcess.RunAsync("keys", "create", "--name", "dashboard", "--scope", "read", "--data-dir", dir.Path);

        Assert.True(exit == 0, stderr);
        var secret = stdout.Trim();
        Assert.StartsWith("vgl_", secret);
        Assert.Contains("not stored", stderr); // the secret is shown once
        using var client = new HttpClient { BaseAddress = vigil.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var read = await client.GetAsync("/api/v1/monitors"))
            await HttpAssert.Expect(read, 200);
        using (var write = await client.PostAsync("/api/v1/monitors", VigilHost.Json("""{"name":"x","period_seconds":60}""")))
            await HttpAssert.ExpectProblem(write, 403);

        var (listExit, list, _) = await VigilProcess.RunAsync("keys", "list", "--data-dir", dir.Path);
        Assert.Equal(0, listExit);
        Assert.Contains("dashboard", list);
        Assert.DoesNotContain(secret, list);
    }
}
