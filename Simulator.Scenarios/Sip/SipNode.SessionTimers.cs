using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>RFC 4028 session timers of a node's dialogs: the caller refreshes (UPDATE), the callee expires.</summary>
public abstract partial class SipNode
{
    /// <summary>
    /// The leg a session-refresh timer or an answer to a refresh names (as given to <see cref="SendOnLeg"/>;
    /// its tag is the dialog's <see cref="Dialog.LocalTag"/>). A null ref (<see cref="Unsafe.NullRef{T}"/>)
    /// when the leg is gone. Nodes that call out (hold a <see cref="UacLeg"/>) override it.
    /// </summary>
    protected virtual ref UacLeg RefreshedLeg(LegRef leg) => ref Unsafe.NullRef<UacLeg>();

    /// <summary>
    /// The leg's dialog is gone at the far end: its refresh was answered 481 or 408, or not at all
    /// within Timer F (RFC 3261 §12.2.1.2). The refreshes have stopped; the node forgets the dialog as it
    /// would after its BYE. Does nothing by default.
    /// </summary>
    protected virtual void OnDialogGone(LegRef leg)
    {
    }

    /// <summary>
    /// A dialog this node answered (as callee) saw no refresh for a whole session interval (RFC 4028
    /// §10): the node sends BYE and frees its state. <paramref name="call"/> is what was given to
    /// <see cref="RearmExpiry"/>. Does nothing by default.
    /// </summary>
    protected virtual void OnSessionExpired(CallRef call)
    {
    }

    /// <summary>
    /// Starts (or restarts, on a refresh) the session expiry of a dialog this node is callee of: if no
    /// refresh arrives within the session interval, <see cref="OnSessionExpired"/> gets
    /// <paramref name="call"/>. Cancel it with <c>CancelTimer</c> when the dialog ends.
    /// </summary>
    protected void RearmExpiry(ref EventHandle expiry, CallRef call)
    {
        if (!Timers.HasSessionTimers)
        {
            return;
        }

        CancelTimer(expiry);
        expiry = StartTimer(Timers.SessionExpires, ExpiryKind, call.Tag);
    }

    /// <summary>
    /// A session refresh (UPDATE) of a dialog this node is callee of: answered 200 and the expiry
    /// restarted. A dialog whose expiry was never started (not yet answered 2xx) is not established
    /// here: 481 (RFC 3261 §12.2.2), as for a dialog this node does not hold at all.
    /// </summary>
    protected void AnswerRefresh(SipRequest request, ref EventHandle expiry, CallRef call)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!expiry.IsValid && Timers.HasSessionTimers)
        {
            Respond(request, StatusCodes.CallDoesNotExist);
            return;
        }

        Respond(request, StatusCodes.Ok);
        RearmExpiry(ref expiry, call);
    }

    /// <summary>The session was set up or refreshed (a 2xx): it expires a session interval from now, and the next refresh is due half-way.</summary>
    private void Refreshed(ref UacLeg leg)
    {
        leg.SessionExpiresNs = (Now + Timers.SessionExpires).Nanoseconds;
        leg.RefreshFailures = 0;
        ScheduleRefresh(ref leg, Timers.RefreshInterval);
    }

    private void ScheduleRefresh(ref UacLeg leg, SimTime after)
    {
        CancelTimer(leg.RefreshTimer);
        leg.RefreshTransaction = 0;
        leg.RefreshTimer = StartTimer(after, RefreshKind, leg.Dialog.LocalTag);
    }

    /// <summary>Time to refresh a leg's dialog, or its refresh went unanswered for Timer F (the dialog is gone).</summary>
    private void OnRefreshTimer(long tag)
    {
        LegRef reference = LegRef.FromTag(tag);
        ref UacLeg leg = ref RefreshedLeg(reference);
        if (Unsafe.IsNullRef(ref leg) || !leg.Dialog.IsEstablished || leg.Dialog.LocalTag != tag)
        {
            return;
        }

        if (leg.RefreshTransaction != 0)
        {
            Note("session refresh failed", leg.Dialog.Session, $"no answer to the UPDATE within {Timers.TimerF}: the dialog is over");
            StopRefreshing(ref leg);
            OnDialogGone(reference);
            return;
        }

        SipRequest update = leg.Dialog.NewRequest(SipMethod.Update, NewTransaction(), Pools);
        leg.RefreshTransaction = update.Transaction;
        leg.RefreshTimer = StartTimer(Timers.TimerF, RefreshKind, tag);
        RefreshesSent++;
        SendRequest(update);
    }

    /// <summary>
    /// The answer to a session refresh: a 2xx schedules the next; 481 or 408 ends the dialog; another
    /// failure is retried after its Retry-After (or a wait that doubles with each refusal in a row), unless the
    /// session would expire first (then the dialog is over).
    /// </summary>
    private void OnRefreshAnswer(SipResponse response)
    {
        if (StatusCodes.IsProvisional(response.Status))
        {
            return;
        }

        ref UacLeg leg = ref RefreshedLeg(LegRef.FromTag(response.FromTag));
        if (Unsafe.IsNullRef(ref leg) || leg.RefreshTransaction != response.Transaction || leg.RefreshTransaction == 0)
        {
            return; // a late answer, or the dialog has ended
        }

        if (StatusCodes.IsSuccess(response.Status))
        {
            Refreshed(ref leg);
        }
        else if (response.Status is StatusCodes.CallDoesNotExist or StatusCodes.RequestTimeout)
        {
            Note("session refresh failed", response.Session, $"UPDATE answered {response.Kind}: the dialog is over");
            StopRefreshing(ref leg);
            OnDialogGone(LegRef.FromTag(response.FromTag));
        }
        else
        {
            SimTime wait = RefreshRetryAfter(ref leg, response);
            if ((Now + wait).Nanoseconds >= leg.SessionExpiresNs)
            {
                // Refused again and again (e.g. a 503 from a proxy that cannot reach the far end): the
                // session interval runs out before the next try, and the far end ends the session then
                // (RFC 4028 §10) — so does this side, instead of retrying a dialog that no longer exists.
                Note("session refresh failed", response.Session, $"UPDATE answered {response.Kind}, and the session expires before a retry: the dialog is over");
                StopRefreshing(ref leg);
                OnDialogGone(LegRef.FromTag(response.FromTag));
                return;
            }

            ScheduleRefresh(ref leg, wait);
            leg.RefreshFailures++;
        }
    }

    /// <summary>How long to wait before refreshing again after a refused refresh: its Retry-After, else <see cref="RetryAfter"/> doubled for each refusal in a row (1 s, 2 s, 4 s, ...).</summary>
    private SimTime RefreshRetryAfter(ref UacLeg leg, SipResponse response) =>
        response.RetryAfter ?? RetryAfter * (1L << Math.Min(leg.RefreshFailures, 20));
}
