using System.Runtime.CompilerServices;
using Vigil.Server.Configuration;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

public sealed class ConfigTemplateTests
{
    public static TheoryData<string> TemplateNames => new(ConfigTemplates.Names);

    [Fact]
    public void The_templates_are_small_and_large()
    {
        Assert.Equal(["small", "large"], ConfigTemplates.Names);
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Each_template_loads_without_errors(string name)
    {
        var options = Valid(ConfigTemplates.Render(name));

        Assert.Equal(2, options.Monitors.Count);
        Assert.Contains(options.Monitors, m => m.PeriodSeconds is not null);
        Assert.Contains(options.Monitors, m => m.Cron is not null && m.Timezone is not null);
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Each_template_shows_every_key(string name)
    {
        var lines = ConfigTemplates.Render(name).Split('\n').Select(l => l.Trim()).ToArray();

        foreach (var path in ConfigSchema.Instance.Leaves.Concat(ConfigSchema.Instance.Sections).Concat(ConfigSchema.Instance.Lists))
            Assert.Contains(lines, l => l.StartsWith(path.Split('.')[^1] + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void The_small_template_is_the_defaults()
    {
        var options = Valid(ConfigTemplates.Render("small"));

        Assert.Equivalent(VigilOptions.Default with { Monitors = options.Monitors }, options, strict: true);
    }

    [Fact]
    public void The_large_template_is_tuned_for_many_monitors()
    {
        var large = Valid(ConfigTemplates.Render("large"));

        Assert.Equal(Durability.Commit, large.Storage.Durability);
        Assert.True(large.Storage.QueueCapacity > VigilOptions.Default.Storage.QueueCapacity);
        Assert.True(large.Storage.MaxBatchSize > VigilOptions.Default.Storage.MaxBatchSize);
        Assert.Equal(30, large.Storage.RetentionDays);
    }

    [Theory]
    [InlineData("")]
    [InlineData("medium")]
    public void An_unknown_template_throws(string name)
    {
        Assert.Throws<ArgumentException>(() => ConfigTemplates.Render(name));
    }

    [Fact]
    public void The_reference_documents_every_key()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "configuration.md"));

        foreach (var path in ConfigSchema.Instance.Leaves)
            Assert.Contains($"`{path}`", doc);
        Assert.Contains("VIGIL_API_KEY", doc);
        Assert.Contains("read and validated; acted on by later releases", doc);
    }

    // The test binaries live under bin/ of the repo; a build elsewhere still has this source file's path.
    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Vigil.slnx not found above the test binaries or this source file");
    }
}
