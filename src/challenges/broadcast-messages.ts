/** Challenge 3 (broadcast) fixed in message mode: a star flushing on a 1.2 s wall-clock grid. */
import { broadcastNode } from './broadcast.js';

export default broadcastNode('messages');
