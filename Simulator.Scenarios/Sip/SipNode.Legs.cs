using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// The caller's legs (<see cref="UacLeg"/>): a request sent on a leg runs in a client transaction
/// (<see cref="Transactions.ClientTransactions"/>), whose time-out comes back to <see cref="OnLegTimedOut"/>
/// with the leg's reference (<see cref="LegRef"/>); its final response completes the leg.
/// </summary>
public abstract partial class SipNode
{
    private CpmSim.Core.Random.RandomStream? _glareRandom;

    /// <summary>
    /// Sends a request on a caller's leg and keeps its headers there. Its client transaction reports a
    /// time-out (Timer B in Calling, Timer C in Proceeding) to <see cref="OnLegTimedOut"/> with <paramref name="reference"/>.
    /// </summary>
    protected void SendOnLeg(ref UacLeg leg, SipRequest request, LegRef reference)
    {
        ArgumentNullException.ThrowIfNull(request);
        leg.Outstanding = AnsweredRequest.Of(request);
        leg.HasOutstanding = true;
        _client.Send(request, NextHop(request), reference.Tag, forwarded: false);
    }

    /// <summary>
    /// Completes the leg's outstanding request with its final response: sets up the dialog and ACKs a
    /// 2xx end to end (a failure is ACKed hop by hop by its client transaction). False when the response
    /// is provisional or not for the outstanding request (a 2xx copy or a late answer).
    /// </summary>
    protected bool CompleteLeg(ref UacLeg leg, SipResponse response, NodeId from, out AnsweredRequest request)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (StatusCodes.IsProvisional(response.Status) || !leg.HasOutstanding || leg.Outstanding.Transaction != response.Transaction)
        {
            request = default;
            return false;
        }

        request = leg.Outstanding;
        leg.HasOutstanding = false;
        if (StatusCodes.IsSuccess(response.Status))
        {
            if (!leg.Dialog.IsEstablished)
            {
                leg.Dialog = Dialog.ForCaller(response, Id, request.RequestUri, request.CSeq);
                if (Timers.HasSessionTimers)
                {
                    Refreshed(ref leg); // this node is the dialog's refresher (RFC 4028, refresher=uac)
                }
            }

            leg.Dialog.Media = response.Body;
            SendRequest(leg.Dialog.Ack(response, NewTransaction(), Pools));
        }

        return true;
    }

    /// <summary>
    /// Glare (RFC 3261 §14.2): a re-INVITE received on the leg's dialog while this node's own INVITE on
    /// it is in progress is answered 491 Request Pending; true when it was. The sender may try again
    /// after a random wait (§14.1).
    /// </summary>
    protected bool RespondIfGlare(ref UacLeg leg, SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != SipMethod.Invite || !leg.HasOutstanding || leg.Outstanding.Method != SipMethod.Invite)
        {
            return false;
        }

        Respond(request, StatusCodes.RequestPending);
        return true;
    }

    /// <summary>
    /// How long a caller whose re-INVITE got 491 (glare) waits before it tries again (RFC 3261 §14.1): a
    /// random time of 2.1 to 4 s, in units of 10 ms, when it owns the dialog's Call-ID (it sent the
    /// initial INVITE), else of 0 to 2 s — so the two sides do not cross again.
    /// </summary>
    protected SimTime GlareRetryDelay(bool ownsCallId)
    {
        _glareRandom ??= Network.Simulation.Random.For(Name + "/glare");
        int units = ownsCallId ? _glareRandom.Next(210, 401) : _glareRandom.Next(0, 201);
        return SimTime.FromMilliseconds(units * 10L);
    }

    /// <summary>The leg's request timed out: the outstanding request (false if it was answered meanwhile), now given up.</summary>
    protected static bool ExpireLeg(ref UacLeg leg, out AnsweredRequest request)
    {
        request = leg.Outstanding;
        bool had = leg.HasOutstanding;
        leg.HasOutstanding = false;
        return had;
    }

    /// <summary>
    /// Forgets the leg's outstanding request — an INVITE still in progress is cancelled (RFC 3261 §9.1),
    /// and a 2xx that still comes is ACKed and released as a stray — and stops its session refreshes.
    /// </summary>
    protected void AbandonLeg(ref UacLeg leg)
    {
        if (leg.HasOutstanding)
        {
            if (leg.Outstanding.Method == SipMethod.Invite)
            {
                _client.Abandon(leg.Outstanding.Transaction);
            }

            leg.HasOutstanding = false;
        }

        StopRefreshing(ref leg);
    }

    /// <summary>
    /// Gives up the leg's outstanding request but keeps its dialog (its caller cancelled the request
    /// this one serves): an INVITE in progress is cancelled (RFC 3261 §9.1); a 2xx that still comes is
    /// ACKed as a copy.
    /// </summary>
    protected void CancelOutstanding(ref UacLeg leg)
    {
        if (leg.HasOutstanding && leg.Outstanding.Method == SipMethod.Invite)
        {
            _client.Abandon(leg.Outstanding.Transaction);
        }

        leg.HasOutstanding = false;
    }

    /// <summary>The leg's dialog is over: stops its session refreshes and forgets the dialog.</summary>
    protected void EndDialog(ref UacLeg leg)
    {
        StopRefreshing(ref leg);
        leg.Dialog = default;
    }

    /// <summary>Stops the leg's session refreshes (its dialog is being released); a refresh in flight is forgotten.</summary>
    protected void StopRefreshing(ref UacLeg leg)
    {
        CancelTimer(leg.RefreshTimer);
        leg.RefreshTimer = default;
        leg.RefreshTransaction = 0;
    }

    /// <summary>The 408 a caller acts on when Timer B expires (made, never sent).</summary>
    protected SipResponse TimeoutFor(in AnsweredRequest request)
    {
        var headers = new RequestHeaders
        {
            CallId = request.CallId,
            Session = request.Session,
            CSeq = request.CSeq,
            Method = request.Method,
            Transaction = request.Transaction,
            Via = NodeList.Of(Id),
        };
        return SipResponse.To(headers, StatusCodes.RequestTimeout, Id, null);
    }
}
