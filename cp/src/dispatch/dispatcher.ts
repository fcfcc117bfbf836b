// The dispatcher: runnable virtual machines share the processor in time slices on the
// event loop (one slice per turn, so terminal I/O and timers run between slices), round
// robin for fairness. A VM in an enabled wait is parked and costs nothing until its I/O
// interruption arrives or, when it is enabled for timer interruptions, a short poll finds
// one due. A disabled wait or check stop stops it in CP with a message.
import type { Hardware } from '../hardware.ts';
import type { VirtualMachine } from '../vm/machine.ts';

/** First slice of a VM, in instructions; later slices are sized to take about SLICE_MS. */
export const SLICE_INSTRUCTIONS = 2_000;
/** Host time one slice should take, so that terminals and other VMs get a turn. */
export const SLICE_MS = 2;
const MIN_SLICE = 200;
const MAX_SLICE = 500_000;
/** Poll interval for parked VMs enabled for clock-comparator / CPU-timer interruptions. */
export const TIMER_POLL_MS = 10;

export interface DispatchEvents {
  disabledWait(vm: VirtualMachine): void;
  checkStop(vm: VirtualMachine): void;
}

export class Dispatcher {
  private readonly queue: VirtualMachine[] = [];
  private readonly queued = new Set<VirtualMachine>();
  private readonly timerPolls = new Map<VirtualMachine, () => void>();
  /** Per VM: instructions in its next slice (code that takes many interruptions runs slower). */
  private readonly budgets = new WeakMap<VirtualMachine, number>();
  private scheduled = false;
  /** The VM whose slice is running: its own I/O interruptions are seen when the slice ends. */
  private running: VirtualMachine | null = null;
  slices = 0;

  constructor(
    private readonly hw: Hardware,
    private readonly events: DispatchEvents,
  ) {}

  /** Makes the VM a candidate for the processor (BEGIN, I/O interruption, timer). */
  wake(vm: VirtualMachine): void {
    vm.parked = false;
    this.cancelPoll(vm);
    if (!vm.runnable || this.queued.has(vm) || this.running === vm) return;
    this.queued.add(vm);
    this.queue.push(vm);
    this.kick();
  }

  remove(vm: VirtualMachine): void {
    this.cancelPoll(vm);
    if (!this.queued.delete(vm)) return;
    const i = this.queue.indexOf(vm);
    if (i >= 0) this.queue.splice(i, 1);
  }

  get runnableCount(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.hw.defer(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const vm = this.queue.shift();
    if (!vm) return;
    this.queued.delete(vm);
    if (vm.runnable) this.runSlice(vm);
    if (this.queue.length > 0) this.kick();
  }

  private runSlice(vm: VirtualMachine): void {
    const t0 = this.hw.elapsedMs();
    const cpu = vm.cpu;
    let reason;
    const budget = this.budgets.get(vm) ?? SLICE_INSTRUCTIONS;
    const n0 = cpu.instructions;
    this.running = vm;
    try {
      reason = vm.guest.run(budget);
    } catch {
      // Whatever the guest executed, an interpreter failure stops only this machine.
      reason = 'checkstop' as const;
    } finally {
      this.running = null;
      const ms = this.hw.elapsedMs() - t0;
      vm.virtMs += ms;
      vm.slices++;
      this.slices++;
      const done = cpu.instructions - n0;
      if (done >= budget / 2) this.budgets.set(vm, Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.round((budget * SLICE_MS) / Math.max(ms, 0.05)))));
    }
    if (!vm.runnable) return;
    if (vm.cpu !== cpu) return this.wake(vm); // the machine was rebuilt by a command
    switch (reason) {
      case 'limit':
      case 'intercept':
        this.requeue(vm);
        return;
      case 'wait':
        if (cpu.isDisabledWait()) {
          vm.cpMode = true;
          this.events.disabledWait(vm);
          return;
        }
        this.park(vm);
        return;
      case 'checkstop':
        vm.cpMode = true;
        this.events.checkStop(vm);
        return;
      case 'stopped':
        vm.cpMode = true;
        return;
    }
  }

  private requeue(vm: VirtualMachine): void {
    if (this.queued.has(vm)) return;
    this.queued.add(vm);
    this.queue.push(vm);
    this.kick();
  }

  /** Enabled wait: nothing runs until an interruption can be taken. */
  private park(vm: VirtualMachine): void {
    vm.parked = true;
    const cpu = vm.cpu;
    if (vm.channel.hasInterruptFor(cpu)) return this.wake(vm);
    // External interruptions: the guest's timers are checked by polling while parked.
    if ((cpu.sysMask & 0x01) !== 0 && (cpu.cr[0]! & 0x00000c80) !== 0) {
      const cancel = this.hw.after(TIMER_POLL_MS, () => {
        this.timerPolls.delete(vm);
        if (!vm.parked) return;
        cpu.updateTimers?.(cpu);
        if (cpu.extPending !== 0) this.wake(vm);
        else this.park(vm);
      });
      this.timerPolls.set(vm, cancel);
    }
  }

  private cancelPoll(vm: VirtualMachine): void {
    const c = this.timerPolls.get(vm);
    if (c) {
      c();
      this.timerPolls.delete(vm);
    }
  }
}
