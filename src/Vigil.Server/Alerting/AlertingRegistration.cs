using Vigil.Alerting.Channels;
using Vigil.Alerting.Dispatch;
using Vigil.Alerting.Maintenance;
using Vigil.Alerting.Pipeline;
using Vigil.Alerting.Rules;
using Vigil.Core.Runtime;
using Vigil.Server.Configuration;
using Vigil.Server.Observability.Instruments;
using Vigil.Storage;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;

namespace Vigil.Server.Alerting;

/// <summary>Registers the alert pipeline: outbox → policy → delivery worker, Vigil's own alerts, and the alerts API's store.</summary>
public static class AlertingRegistration
{
    public static IServiceCollection AddVigilAlerting(this IServiceCollection services, VigilOptions options)
    {
        var alerts = options.Alerts;
        services.AddSingleton(new AlertRuleDefaults(alerts.Defaults, alerts.TagDefaults));
        services.AddSingleton<CheckThresholdWatch>();
        services.AddSingleton(sp => (IAlertStore)sp.GetRequiredService<IVigilStore>());
        services.AddSingleton(sp => new DeliveryStats(sp.Meter(MeterNames.Alerts)));
        services.AddSingleton(sp =>
        {
            var channels = sp.GetRequiredService<ChannelDirectory>();
            return new DeliveryWorker(
                id => channels.TryGet(id, out var live) ? new ChannelTarget(live.Definition.Name, live.Channel, live.Settings) : null,
                sp.GetRequiredService<BatchWriter>().Submit,
                new DeliveryOptions(alerts.RetryInitial, alerts.RetryMax, alerts.RetryFor, alerts.SendTimeout, alerts.MaxConcurrentSends),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeliveryWorker>>(), sp.GetRequiredService<DeliveryStats>());
        });
        services.AddSingleton<SystemAlerts>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemAlerts>());
        services.AddSingleton(sp =>
        {
            var system = sp.GetRequiredService<SystemAlerts>();
            return new AlertPolicy(
                sp.GetRequiredService<HeartbeatEngine>().Monitors, sp.GetRequiredService<AlertRuleDefaults>(), sp.GetRequiredService<ChannelDirectory>(),
                sp.GetRequiredService<MaintenanceCalendar>(),
                new PolicyOptions(alerts.StormPerMinute, alerts.ChannelPerMinute, alerts.RetryFor,
                    (alerts.PublicUrl ?? options.Server.PublicUrl)?.ToString(), alerts.SystemChannels),
                sp.GetRequiredService<TimeProvider>(), () => system.LastPingRefusal);
        });
        services.AddSingleton(sp => new AlertPipeline(
            sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<BatchWriter>().Submit, sp.GetRequiredService<AlertPolicy>(),
            sp.GetRequiredService<DeliveryWorker>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertPipeline>>()));
        services.AddHostedService<AlertService>();
        return services;
    }
}
