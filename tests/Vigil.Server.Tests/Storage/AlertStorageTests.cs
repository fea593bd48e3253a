using Vigil.Core.Alerts;
using Vigil.Core.States;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Storage.StoreTestData;

namespace Vigil.Server.Tests.Storage;

/// <summary>The alert outbox and the alert, delivery and attempt rows, through the real writer on SQLite.</summary>
public sealed class AlertStorageTests : IDisposable
{
    private readonly StoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Flip_AddsItsOutboxRow_InTheSameCommit()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var monitor = Record(1, "a");
        await writer.Submit(new CreateMonitor(monitor));
        await writer.Append(new Flip(monitor.Definition.Id, 1, T0, MonitorStatus.Up, MonitorStatus.Down, "no ping"));
        await writer.Append(new AlertNotice(monitor.Definition.Id, 1, T0.AddSeconds(1), NoticeKinds.RunTooShort, "finished in 1 s"));
        await writer.Append(AlertNotice.System(T0.AddSeconds(2), NoticeKinds.Storage, "commits fail"));

        var outbox = store.ReadOutbox(0, 10);
        Assert.Equal(3, outbox.Count);
        Assert.True(outbox[0].IsFlip);
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Down, "no ping"), (outbox[0].From!.Value, outbox[0].To!.Value, outbox[0].Reason));
        Assert.Equal(monitor.Definition.Id, outbox[0].MonitorId);
        Assert.Equal(NoticeKinds.RunTooShort, outbox[1].Kind);
        Assert.Null(outbox[2].MonitorId);
        Assert.Single(store.ReadOutbox(outbox[1].Id, 10));
        await writer.DrainAsync();
    }

    [Fact]
    public async Task AlertOutboxCommitted_IsRaisedAfterTheCommitThatFilledIt()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var raised = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.AlertOutboxCommitted += () => raised.TrySetResult(store.ReadOutbox(0, 10).Count);
        await writer.Append(StoreTestData.Ping(1, T0, Core.Pings.PingKind.Success)); // no outbox row: no event
        await writer.Append(AlertNotice.System(T0, NoticeKinds.WriteQueue, "full"));
        Assert.Equal(1, await raised.Task.WaitAsync(TimeSpan.FromSeconds(10))); // the row was readable when raised
        await writer.DrainAsync();
    }

    [Fact]
    public async Task RecordAlerts_ConsumesTheOutbox_AndAttemptsMoveTheDelivery()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var monitor = Record(1, "a");
        await writer.Submit(new CreateMonitor(monitor));
        await writer.Append(new Flip(monitor.Definition.Id, 1, T0, MonitorStatus.Up, MonitorStatus.Down, "no ping"));
        var entry = Assert.Single(store.ReadOutbox(0, 10));
        var channel = Guid.NewGuid();
        var alert = new NewAlert(Guid.NewGuid(), monitor.Definition.Id, "down", "down", "no ping", T0, T0.AddSeconds(1), null,
            [new NewDelivery(channel, DeliveryState.Pending, T0.AddDays(1))]);
        await writer.Submit(new RecordAlerts(entry.Id, [alert]));

        Assert.Empty(store.ReadOutbox(0, 10));
        Assert.True(alert.Id > 0 && alert.Deliveries[0].Id > 0);
        var open = Assert.Single(store.LoadOpenDeliveries());
        Assert.Equal((alert.Uid, channel, "down"), (open.AlertUid, open.Channel, open.Kind));

        await writer.Submit(new RecordAttempt(open.Id, T0.AddSeconds(2), 1, "HTTP 503", 12, DeliveryState.Pending));
        await writer.Submit(new RecordAttempt(open.Id, T0.AddSeconds(9), 0, "HTTP 200", 8, DeliveryState.Delivered));

        Assert.Empty(store.LoadOpenDeliveries());
        var stored = Assert.Single(store.ReadAlerts(new AlertQuery(monitor.Definition.Id, null, 10)));
        var delivery = Assert.Single(stored.Deliveries);
        Assert.Equal((DeliveryState.Delivered, 2, "HTTP 200", T0.AddSeconds(9)), (delivery.State, delivery.Attempts, delivery.LastDetail, delivery.DoneAt!.Value));
        Assert.Equal(["HTTP 503", "HTTP 200"], delivery.History.Select(a => a.Detail));
        Assert.Equal(T0.AddSeconds(1), store.LastDownAlerts()[monitor.Definition.Id]);
        Assert.Empty(store.ReadAlerts(new AlertQuery(null, null, 10, DeadOnly: true)));
        await writer.DrainAsync();
    }

    [Fact]
    public async Task SummaryAlert_MarksTheDeliveriesItCarries_SoTheyAreNoLongerOpen()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var channel = Guid.NewGuid();
        var folded = Enumerable.Range(0, 3).Select(i => new NewAlert(Guid.NewGuid(), null, "down", "down", $"r{i}", T0, T0, null,
            [new NewDelivery(channel, DeliveryState.Folded, T0.AddDays(1))])).ToList();
        await writer.Submit(new RecordAlerts(0, folded));
        Assert.Equal(3, store.LoadOpenDeliveries().Count(d => d.State == DeliveryState.Folded));

        var summary = new NewAlert(Guid.NewGuid(), null, "summary", "down", "3 alerts", T0, T0.AddMinutes(1), null,
            [new NewDelivery(channel, DeliveryState.Pending, T0.AddDays(1))], [.. folded.Select(a => a.Deliveries[0].Id)]);
        await writer.Submit(new RecordAlerts(0, [summary]));

        var open = Assert.Single(store.LoadOpenDeliveries());
        Assert.Equal(summary.Deliveries[0].Id, open.Id);
        var first = store.ReadAlerts(new AlertQuery(null, null, 10)).Single(a => a.Uid == folded[0].Uid);
        Assert.Equal(summary.Id, first.Deliveries[0].Summary);
        Assert.Equal(DeliveryState.Folded, first.Deliveries[0].State);
        await writer.DrainAsync();
    }

    [Fact]
    public async Task OutboxIds_NeverGoBack_OnceEveryRowWasConsumed()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Append(AlertNotice.System(T0, NoticeKinds.Storage, "a"));
        var first = Assert.Single(store.ReadOutbox(0, 10));
        await writer.Submit(new RecordAlerts(first.Id, []));
        await writer.Append(AlertNotice.System(T0, NoticeKinds.Storage, "b"));
        Assert.Equal("b", Assert.Single(store.ReadOutbox(first.Id, 10)).Reason); // the reader's cursor still finds it
        await writer.DrainAsync();
    }

    [Fact]
    public async Task DeletingAMonitor_DropsItsUnreadOutboxRows()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var monitor = Record(1, "a");
        await writer.Submit(new CreateMonitor(monitor));
        await writer.Append(new Flip(monitor.Definition.Id, 1, T0, MonitorStatus.Up, MonitorStatus.Down, "no ping"));
        await writer.Submit(new DeleteMonitor(1));
        Assert.Empty(store.ReadOutbox(0, 10));
        await writer.DrainAsync();
    }

    [Fact]
    public async Task PurgeAlerts_RemovesOldFinishedAlerts_ButKeepsOpenOnes()
    {
        using var store = _data.Open();
        var writer = Start(store);
        var channel = Guid.NewGuid();
        NewAlert Make(DateTimeOffset created, DeliveryState state) =>
            new(Guid.NewGuid(), null, "system", "firing", "x", created, created, null, [new NewDelivery(channel, state, created.AddDays(1))]);
        var oldDone = Make(T0.AddDays(-100), DeliveryState.Pending);
        var oldOpen = Make(T0.AddDays(-100), DeliveryState.Pending);
        var recent = Make(T0, DeliveryState.Pending);
        await writer.Submit(new RecordAlerts(0, [oldDone, oldOpen, recent]));
        await writer.Submit(new RecordAttempt(oldDone.Deliveries[0].Id, T0.AddDays(-100), 0, "HTTP 200", 5, DeliveryState.Delivered));
        await writer.Submit(new RecordAttempt(recent.Deliveries[0].Id, T0, 0, "HTTP 200", 5, DeliveryState.Delivered));

        var purge = new PurgeAlerts(T0.AddDays(-90), 100);
        await writer.Submit(purge);

        Assert.Equal(1, purge.Removed);
        Assert.Equal([recent.Uid, oldOpen.Uid], store.ReadAlerts(new AlertQuery(null, null, 10)).Select(a => a.Uid));
        await writer.DrainAsync();
    }
}
