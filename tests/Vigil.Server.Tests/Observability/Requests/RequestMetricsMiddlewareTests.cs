using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Observability.Requests;

namespace Vigil.Server.Tests.Observability.Requests;

public sealed class RequestMetricsMiddlewareTests
{
    [Fact]
    public void ASynchronousRequest_AllocatesNothing_EvenWithTheInstrumentsListenedTo()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters))
                l.EnableMeasurementEvents(instrument);
        };
        long measurements = 0;
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => measurements++);
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => measurements++);
        listener.Start();
        var windows = new RequestWindows(TimeProvider.System);
        var middleware = new RequestMetricsMiddleware(_ => Task.CompletedTask, new HttpInstruments(meters), windows);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/ping/{**path}"), 0, EndpointMetadataCollection.Empty, "ping"));
        for (var i = 0; i < 100; i++)
            Assert.True(middleware.InvokeAsync(context).IsCompletedSuccessfully);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            middleware.InvokeAsync(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(3 * 1100, measurements); // active +1, active -1, duration
        Assert.Equal(1100, windows.Totals(6).Count);
    }
}
