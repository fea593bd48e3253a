using Vigil.Observability.Collection;

namespace Vigil.Observability.Tests;

public sealed class TagSetTests
{
    [Fact]
    public void SameTagsInAnotherOrder_AreTheSameSeries()
    {
        var a = new TagSet([new("kind", "success"), new("outcome", "accepted")]);
        var b = new TagSet([new("outcome", "accepted"), new("kind", "success")]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("kind", b[0].Key);
        Assert.NotEqual(a, new TagSet([new("kind", "success"), new("outcome", "rejected_backpressure")]));
    }

    [Fact]
    public void BoxedNumbers_CompareByValue()
    {
        Assert.Equal(new TagSet([new("code", 200)]), new TagSet([new("code", 200)]));
        Assert.Equal("1.5", TagSet.Text(1.5));
        Assert.Equal("true", TagSet.Text(true));
    }

    [Fact]
    public void MoreThanMaxTags_KeepsTheFirstByKeyOrder()
    {
        var tags = new TagSet([new("e", 5), new("d", 4), new("c", 3), new("b", 2), new("a", 1)]);
        Assert.Equal(TagSet.MaxTags, tags.Count);
        Assert.Equal(["a", "b", "c", "d"], Enumerable.Range(0, tags.Count).Select(i => tags[i].Key));
    }
}
