using Vigil.Alerting.Channels;

namespace Vigil.Server.Alerting;

public static class ChannelRegistration
{
    /// <summary>The channel catalog (one pooled HTTP handler for every HTTP channel), the directory and the service.</summary>
    /// <param name="allowShell">The <c>alerts.allow_shell_channel</c> setting.</param>
    public static IServiceCollection AddVigilChannels(this IServiceCollection services, bool allowShell)
    {
        services.AddSingleton(sp => ChannelCatalog.Create(sp.GetRequiredService<TimeProvider>(), allowShell));
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<ChannelService>();
        return services;
    }
}
