using Vigil.Alerting.Channels;
using Vigil.Core.Channels;

namespace Vigil.Alerting.Tests.Catalog;

public sealed class ChannelDirectoryTests
{
    private static readonly ShellChannel Channel = new(allowed: true);

    private static LiveChannel Live(string name, Guid? id = null) => new(
        new ChannelDefinition(id ?? Guid.NewGuid(), name, "shell", """{"command":["/bin/true"]}""", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
        Channel, new ShellSettings(["/bin/true"], TimeSpan.FromSeconds(1)));

    [Fact]
    public void Channels_are_found_by_id_by_name_ignoring_case_and_by_either()
    {
        var directory = new ChannelDirectory();
        var ops = Live("Ops Pager");
        Assert.True(directory.TryAdd(ops));

        Assert.True(directory.TryGet(ops.Definition.Id, out var byId));
        Assert.True(directory.TryGetByName("ops pager", out var byName));
        Assert.True(directory.TryResolve(ops.Definition.Id.ToString(), out var resolvedId));
        Assert.True(directory.TryResolve("OPS PAGER", out var resolvedName));
        Assert.All([byId, byName, resolvedId, resolvedName], c => Assert.Same(ops, c));
        Assert.False(directory.TryResolve(Guid.NewGuid().ToString(), out _));
        Assert.False(directory.TryGetByName("ops", out _));
    }

    [Fact]
    public void Names_are_unique_ignoring_case_and_a_rename_frees_the_old_name()
    {
        var directory = new ChannelDirectory();
        var a = Live("alpha");
        var b = Live("beta");
        Assert.True(directory.TryAdd(a));
        Assert.True(directory.TryAdd(b));

        Assert.False(directory.TryAdd(Live("ALPHA")));
        Assert.False(directory.TryAdd(Live("other", a.Definition.Id)));
        Assert.False(directory.TryReplace(b with { Definition = b.Definition with { Name = "Alpha" } }));
        Assert.True(directory.TryReplace(b with { Definition = b.Definition with { Name = "gamma" } }));
        Assert.True(directory.TryAdd(Live("beta")));
        Assert.False(directory.TryReplace(Live("delta")));

        Assert.Equal(["alpha", "gamma", "beta"], directory.All.Select(c => c.Definition.Name));
        Assert.True(directory.TryRemove(a.Definition.Id, out var removed));
        Assert.Same(a, removed);
        Assert.False(directory.TryGetByName("alpha", out _));
        Assert.Equal(2, directory.Count);
    }

    [Fact]
    public async Task Readers_never_see_a_rename_half_done()
    {
        var directory = new ChannelDirectory();
        var id = Guid.NewGuid();
        directory.TryAdd(Live("even", id));
        using var stop = new CancellationTokenSource();
        var seen = 0L;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A name always leads to the channel as it is under that name, never to its state before or after a rename.
                foreach (var name in (string[])["even", "odd"])
                {
                    if (directory.TryGetByName(name, out var found))
                        Assert.Equal(name, found.Definition.Name);
                }
                Assert.Equal(id, Assert.Single(directory.All).Definition.Id);
                Interlocked.Increment(ref seen);
            }
        });
        var channel = Live("even", id);
        // Renames go on until the reader has looked often enough (it may start late on a busy machine) or has failed.
        for (var i = 0; i < 2000 || (Interlocked.Read(ref seen) < 5000 && !reader.IsCompleted); i++)
            Assert.True(directory.TryReplace(channel = channel with { Definition = channel.Definition with { Name = i % 2 == 0 ? "odd" : "even" } }));
        await stop.CancelAsync();
        await reader;

        Assert.True(Interlocked.Read(ref seen) >= 5000);
        var last = channel.Definition.Name;
        Assert.True(directory.TryGetByName(last, out var found));
        Assert.Same(channel, found);
        Assert.False(directory.TryGetByName(last == "odd" ? "even" : "odd", out _));
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData(" ops", "must not start or end with spaces")]
    [InlineData("a\tb", "must not contain control characters")]
    [InlineData("7d1f2e3a-2222-4b5c-8d9e-0f1a2b3c4d5e", "must not be a UUID (channels are looked up by id or name)")]
    public void Bad_names_say_why(string name, string problem)
    {
        Assert.Equal(problem, ChannelNames.Problem(name));
        Assert.Null(ChannelNames.Problem("Ops pager (EU)"));
        Assert.NotNull(ChannelNames.Problem(new string('x', ChannelNames.MaxLength + 1)));
    }
}
